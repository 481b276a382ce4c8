package org.chorus.server;

import java.nio.file.Path;

class SqliteAccountsApiTest extends AccountsApiContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
