package org.chorus.server;

import java.nio.file.Path;

class SqliteProtocolGapsTest extends ProtocolGapsContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
