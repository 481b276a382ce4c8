package org.chorus.cli;

import org.chorus.core.db.TestDatabases;

class PostgresCliTaskControlTest extends CliTaskControlContract {
    @Override
    String database() {
        return TestDatabases.freshPostgresUrl();
    }
}
