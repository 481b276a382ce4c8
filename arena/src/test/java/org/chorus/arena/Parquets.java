package org.chorus.arena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Parquet files for tests, written by DuckDB (the reader under test is DuckDB too, but the writer is not ours). */
final class Parquets {
    private Parquets() {}

    /** The rows of {@code select} (DuckDB SQL) as a Parquet file's bytes. */
    static byte[] of(Path dir, String select) {
        try {
            Path file = Files.createTempFile(dir, "test-", ".parquet");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CSV text's rows as Parquet, typed as DuckDB infers them (numbers as DOUBLE, labels as VARCHAR). */
    static byte[] ofCsv(Path dir, byte[] csv) {
        try {
            Path text = Files.write(Files.createTempFile(dir, "test-", ".csv"), csv);
            return of(dir, "SELECT * FROM read_csv('" + text + "', header = true)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
