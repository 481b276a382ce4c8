package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.core.db.TestDatabases;
import org.chorus.server.ServerFixture;

class PostgresRepoPagesTest extends RepoPagesContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.node(dataDir, TestDatabases.freshPostgresUrl());
    }
}
