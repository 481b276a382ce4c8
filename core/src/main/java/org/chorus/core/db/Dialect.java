package org.chorus.core.db;

/** The SQL engines Chorus runs on. Schema differences are confined to the Flyway placeholders below. */
public enum Dialect {
    SQLITE("BLOB", "--", ""),
    POSTGRESQL("BYTEA", "", "--");

    private final String blobType;
    private final String postgresOnly;
    private final String sqliteOnly;

    Dialect(String blobType, String postgresOnly, String sqliteOnly) {
        this.blobType = blobType;
        this.postgresOnly = postgresOnly;
        this.sqliteOnly = sqliteOnly;
    }

    /** {@code ${blob}}: the binary column type. */
    String blobType() {
        return blobType;
    }

    /** {@code ${postgresOnly}}: prefixes a statement that only PostgreSQL runs (a comment marker elsewhere). */
    String postgresOnly() {
        return postgresOnly;
    }

    /** {@code ${sqliteOnly}}: prefixes a statement that only SQLite runs. */
    String sqliteOnly() {
        return sqliteOnly;
    }
}
