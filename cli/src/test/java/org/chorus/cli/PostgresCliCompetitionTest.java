package org.chorus.cli;

import org.chorus.core.db.TestDatabases;

class PostgresCliCompetitionTest extends CliCompetitionContract {
    @Override
    String database() {
        return TestDatabases.freshPostgresUrl();
    }
}
