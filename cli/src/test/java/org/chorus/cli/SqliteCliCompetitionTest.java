package org.chorus.cli;

class SqliteCliCompetitionTest extends CliCompetitionContract {
    @Override
    String database() {
        return null;
    }
}
