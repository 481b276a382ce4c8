package org.chorus.cli;

import org.chorus.core.db.TestDatabases;

class PostgresCliModelCompetitionTest extends CliModelCompetitionContract {
    @Override
    String database() {
        return TestDatabases.freshPostgresUrl();
    }
}
