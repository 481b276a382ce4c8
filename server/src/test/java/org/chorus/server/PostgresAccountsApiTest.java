package org.chorus.server;

import java.nio.file.Path;

class PostgresAccountsApiTest extends AccountsApiContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
