package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chorus.core.ChorusException;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void postgresUrlBecomesJdbcWithCredentialsApart() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://chorus:s%40cret@db.local/meta?sslmode=disable");

        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5432/meta?sslmode=disable");
        assertThat(url.user()).isEqualTo("chorus");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret");
    }

    @Test
    void sqliteUrlIsAbsolute() {
        DatabaseUrl url = DatabaseUrl.parse("sqlite:data/x.db");

        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.jdbcUrl()).startsWith("jdbc:sqlite:/").endsWith("/data/x.db");
    }

    @Test
    void unknownSchemeIsRefusedWithoutEchoingPassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:hunter2@h/db"))
                .isInstanceOf(ChorusException.class)
                .hasMessageContaining("unsupported database URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void postgresWithoutDatabaseIsRefused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h")).isInstanceOf(ChorusException.class);
    }
}
