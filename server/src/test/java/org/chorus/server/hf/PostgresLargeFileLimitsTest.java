package org.chorus.server.hf;

import org.chorus.core.db.TestDatabases;

class PostgresLargeFileLimitsTest extends LargeFileLimitsContract {
    @Override
    String newDatabase() {
        return TestDatabases.freshPostgresUrl();
    }
}
