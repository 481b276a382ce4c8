package org.chorus.arena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * A Parquet file's rows as text, read with DuckDB: every value as DuckDB's JDBC driver gives it, written out by Java
 * ({@code Double.toString} for doubles, which parses back to the same double), a null as an empty field. The file is
 * recognised by its magic bytes ({@code PAR1}), never by a name. DuckDB reads a copy of the bytes in a scratch
 * directory of this server's own naming, the only place it may read ({@code enable_external_access} off, no
 * extensions, configuration locked), with a memory limit, one thread and a time limit; a file that says it holds more
 * rows than {@code maxRows} or more than {@link #MAX_DECODED_BYTES} of data is refused before its rows are read.
 */
final class ParquetTable {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** Parquet compresses well: the data, once decoded, may be this large (four times the largest upload). */
    static final long MAX_DECODED_BYTES = 4L * Arena.MAX_FILE_BYTES;
    private static final int TIME_LIMIT_SECONDS = 60;
    /** Reads at once on this node: each may take DuckDB's memory limit. */
    private static final Semaphore READERS = new Semaphore(2);

    private ParquetTable() {}

    static boolean is(byte[] content) {
        return content.length >= MAGIC.length && Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** A Parquet file's records, numbered by row (the header is row 0). */
    static final class Rows extends Records {
        private final List<List<String>> records;
        private int at = -1;

        private Rows(String what, List<List<String>> records) {
            super(what);
            this.records = records;
        }

        @Override
        List<String> next() {
            if (at + 1 >= records.size()) {
                return null;
            }
            line = ++at;
            return records.get(at);
        }

        @Override
        String where(int row) {
            return "row " + row;
        }

        /** The same records as CSV text, to store: the scorers and workers read every stored file as CSV. */
        byte[] csv() {
            String[][] rows = records.subList(1, records.size()).stream().map(r -> r.toArray(String[]::new)).toArray(String[][]::new);
            return Csv.write(records.getFirst(), rows, 0, rows.length).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The file's header and rows; INVALID_ARGUMENT naming the problem for a file DuckDB cannot read or that is too large. */
    static Rows read(String what, byte[] content, long maxRows) {
        try {
            if (!READERS.tryAcquire(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ChorusException(ErrorCode.UNAVAILABLE, "the server is busy reading other Parquet files; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("chorus-parquet-");
            Path file = dir.resolve("upload.parquet");
            Files.write(file, content);
            return new Rows(what, read(what, dir, file, maxRows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            READERS.release();
            delete(dir);
        }
    }

    private static List<List<String>> read(String what, Path dir, Path file, long maxRows) {
        String where = dir.toAbsolutePath().normalize().toString();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET memory_limit = '512MB'");
            st.execute("SET threads = 1");
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            // both paths are this server's scratch names, never a caller's text
            st.execute("SET allowed_directories = ['" + where.replace("'", "''") + "/']");
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
            st.setQueryTimeout(TIME_LIMIT_SECONDS);
            String path = "'" + file.toAbsolutePath().normalize().toString().replace("'", "''") + "'";
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), (SELECT COALESCE(SUM(total_uncompressed_size), 0) FROM parquet_metadata("
                    + path + ")) FROM read_parquet(" + path + ")")) {
                rs.next();
                if (rs.getLong(1) > maxRows) {
                    throw ChorusException.invalid("the " + what + " has " + rs.getLong(1) + " rows; the test set has " + maxRows);
                }
                if (rs.getLong(2) > MAX_DECODED_BYTES) {
                    throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the " + what + "'s data is " + rs.getLong(2)
                            + " bytes once decoded; at most " + MAX_DECODED_BYTES + " are accepted");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet(" + path + ")")) {
                int n = rs.getMetaData().getColumnCount();
                List<List<String>> records = new ArrayList<>();
                List<String> header = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    header.add(rs.getMetaData().getColumnName(i));
                }
                records.add(header);
                long chars = 0;
                while (rs.next()) {
                    List<String> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        String text = v == null ? "" : v.toString();
                        chars += text.length();
                        row.add(text);
                    }
                    if (chars > MAX_DECODED_BYTES) {
                        throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the " + what + "'s values add up to more than "
                                + MAX_DECODED_BYTES + " characters");
                    }
                    records.add(row);
                }
                return records;
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            String first = message.lines().findFirst().orElse(message).strip().replace(where + "/", "");
            throw ChorusException.invalid("the " + what + " starts like a Parquet file but cannot be read as one: "
                    + (first.length() > 300 ? first.substring(0, 300) + "…" : first));
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a scratch file left behind holds nothing the caller did not send; the next boot's temp cleaning removes it
        }
    }
}
