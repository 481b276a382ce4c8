package org.chorus.viewer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.duckdb.DuckDBConnection;

/**
 * One in-memory DuckDB per node, queried by a fixed pool of workers with a bounded queue: a flood of viewer requests
 * waits or gets 503, it never takes more than {@code workers} threads nor DuckDB's memory limit. The database is
 * configured once and locked: no file access outside the local copies' directory ({@code enable_external_access}
 * off, {@code allowed_directories} that one), no extension loading, and every statement carries the time limit.
 */
final class DuckRunner implements AutoCloseable {
    /** Work on one connection; {@link Duck} runs its statements with the time limit. */
    interface Work<T> {
        T run(Duck duck) throws SQLException;
    }

    /**
     * A connection whose statements bind their parameters and share one deadline ({@link System#nanoTime}): each
     * statement gets the time left, so work of several statements stops at the time limit, not at a multiple of it.
     */
    record Duck(Connection connection, long deadline) {
        List<Object[]> query(String sql, List<?> params) throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.setQueryTimeout(secondsLeft());
                for (int i = 0; i < params.size(); i++) {
                    st.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = st.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        Object[] row = new Object[n];
                        for (int i = 0; i < n; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            }
        }

        private int secondsLeft() throws SQLException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SQLTimeoutException("interrupted: the time limit passed before the statement began");
            }
            return (int) Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left));
        }

        Object[] one(String sql, List<?> params) throws SQLException {
            return query(sql, params).getFirst();
        }
    }

    /** How long past the deadline a caller waits for a statement to notice its interrupt. */
    private static final int STOP_MARGIN_SECONDS = 3;

    private final DuckDBConnection root;
    private final ThreadPoolExecutor pool;
    private final int timeoutSeconds;
    /** Scrubbed from messages: clients see file names in the repository, not where a node keeps its copies. */
    private final String localDir;

    DuckRunner(ViewerLimits limits) {
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
            try (Statement st = root.createStatement()) {
                st.execute("SET memory_limit = '" + limits.memoryLimit() + "'");
                st.execute("SET threads = " + limits.threads());
                st.execute("SET preserve_insertion_order = true");
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                st.execute("SET allowed_directories = ['" + limits.localDir().toAbsolutePath().normalize().toString().replace("'", "''") + "/']");
                st.execute("SET enable_external_access = false");
                st.execute("SET lock_configuration = true");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not start DuckDB for the dataset viewer", e);
        }
        this.localDir = limits.localDir().toAbsolutePath().normalize() + "/";
        this.timeoutSeconds = (int) Math.max(1, limits.timeLimit().toSeconds());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, limits.queue())),
                r -> Thread.ofPlatform().daemon().name("viewer-duckdb-" + n.incrementAndGet()).unstarted(r));
    }

    /** Runs {@code work} on a worker; {@code what} names the data in error messages. */
    <T> T run(String what, Work<T> work) {
        // the limit counts from the request, so time waiting in the queue is part of it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Future<T> f;
        try {
            f = pool.submit(() -> {
                try (DuckDBConnection c = root.duplicate()) {
                    return work.run(new Duck(c, deadline));
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "the dataset viewer is busy; try again shortly");
        }
        try {
            // the statements stop themselves at the deadline; the margin covers DuckDB's reaction to the interrupt
            return f.get(timeoutSeconds + STOP_MARGIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ChorusException(ErrorCode.UNAVAILABLE, "the dataset viewer stopped " + what + " at its time limit of " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ChorusException c) {
                throw c;
            }
            if (e.getCause() instanceof SQLException s) {
                throw failure(what, s, timeoutSeconds);
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Runs {@code work} on the calling thread, outside the request pool, with its own time limit per statement: for
     * background work that may take minutes without holding one of the workers requests wait for. DuckDB's memory
     * limit still covers it.
     */
    <T> T runHere(String what, Duration limit, Work<T> work) {
        int seconds = (int) Math.max(1, limit.toSeconds());
        try (DuckDBConnection c = root.duplicate()) {
            return work.run(new Duck(c, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)));
        } catch (SQLException e) {
            throw failure(what, e, seconds);
        }
    }

    /** DuckDB's error as the client's: a time-out or memory shortage is 503, data that cannot be read a 400 naming it. */
    private ChorusException failure(String what, SQLException e, int timeoutSeconds) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String first = message.lines().findFirst().orElse(message).strip();
        if (first.length() > 300) {
            first = first.substring(0, 300) + "…";
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("interrupt") || lower.contains("cancel")) {
            return new ChorusException(ErrorCode.UNAVAILABLE, "the dataset viewer stopped " + what + " at its time limit of " + timeoutSeconds + " s");
        }
        if (lower.contains("out of memory")) {
            return new ChorusException(ErrorCode.UNAVAILABLE, "the dataset viewer ran out of memory on " + what);
        }
        // only our own SQL reaches DuckDB, so what fails is the data (or a filter's literal that does not fit its column)
        return ChorusException.invalid("cannot read " + what + ": " + first.replace(localDir, ""));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            root.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to do with the error
        }
    }
}
