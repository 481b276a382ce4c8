package org.chorus.cli;

class SqliteCliModelCompetitionTest extends CliModelCompetitionContract {
    @Override
    String database() {
        return null;
    }
}
