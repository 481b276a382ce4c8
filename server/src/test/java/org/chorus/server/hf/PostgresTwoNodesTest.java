package org.chorus.server.hf;

import org.chorus.core.db.TestDatabases;

class PostgresTwoNodesTest extends TwoNodesContract {
    @Override
    String database() {
        return TestDatabases.freshPostgresUrl();
    }
}
