package org.chorus.server;

import java.nio.file.Path;

class SqliteProtocolGapsTest extends ProtocolGapsContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
