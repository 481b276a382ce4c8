package org.chorus.cli;

class SqliteCliTaskControlTest extends CliTaskControlContract {
    @Override
    String database() {
        return null;
    }
}
