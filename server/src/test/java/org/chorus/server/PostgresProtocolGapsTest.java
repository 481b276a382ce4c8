package org.chorus.server;

import java.nio.file.Path;

class PostgresProtocolGapsTest extends ProtocolGapsContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
