package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteRepoPagesTest extends RepoPagesContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
