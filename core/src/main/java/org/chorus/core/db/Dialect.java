package org.chorus.core.db;

/** The SQL engines Chorus runs on. Schema differences are confined to the Flyway placeholders below. */
public enum Dialect {
    SQLITE("BLOB"),
    POSTGRESQL("BYTEA");

    private final String blobType;

    Dialect(String blobType) {
        this.blobType = blobType;
    }

    String blobType() {
        return blobType;
    }
}
