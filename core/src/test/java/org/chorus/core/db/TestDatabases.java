package org.chorus.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for tests. PostgreSQL comes from {@code CHORUS_TEST_POSTGRES_URL} (the test script
 * starts a throwaway server and sets it); each call creates a new database on that server so tests
 * never see each other's rows.
 */
public final class TestDatabases {
    private TestDatabases() {}

    public static Database sqlite(Path dir) {
        return Database.open(DatabaseUrl.sqlite(dir.resolve("chorus-test.db")));
    }

    public static Database postgres() {
        return Database.open(DatabaseUrl.parse(freshPostgresUrl()));
    }

    /** A URL (postgresql://…) of a new, empty database on the test server. */
    public static String freshPostgresUrl() {
        String admin = System.getenv("CHORUS_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            if ("1".equals(System.getenv("CHORUS_REQUIRE_POSTGRES"))) {
                throw new IllegalStateException("CHORUS_TEST_POSTGRES_URL is not set but PostgreSQL tests are required");
            }
            Assumptions.abort("PostgreSQL tests need CHORUS_TEST_POSTGRES_URL (./chorus dev test sets it)");
        }
        DatabaseUrl url = DatabaseUrl.parse(admin);
        String name = "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), props); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + url, e);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
    }

    /**
     * Migrates the new, empty database at {@code url} only up to schema {@code version} and lets {@code seed} write rows
     * as that schema held them, in one transaction: a migration test then opens it with {@link Database#open}, which
     * runs the later migrations over those rows.
     */
    public static void atVersion(DatabaseUrl url, String version, HandleConsumer<RuntimeException> seed) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").target(version)
                    .placeholders(Map.of("blob", url.dialect().blobType(), "postgresOnly", url.dialect().postgresOnly(),
                            "sqliteOnly", url.dialect().sqliteOnly()))
                    .load().migrate();
            Jdbi.create(pool).useTransaction(seed);
        }
    }
}
