package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresDatabaseTest extends DatabaseContract {
    @Override
    Database newDatabase() {
        return TestDatabases.postgres();
    }

    @Test
    void reportsPostgresDialect() {
        assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
    }
}
