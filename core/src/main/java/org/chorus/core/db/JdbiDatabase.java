package org.chorus.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.core.Backoff;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.sqlite.SQLiteConfig;

final class JdbiDatabase implements Database {
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    /**
     * How long a transaction that keeps losing serialization races is tried again. A budget of time, not of attempts:
     * six writers of one row on a loaded machine (load 28) once lost twenty times in a row, each attempt slowed by
     * the load itself, where a few more seconds of tries would have won.
     */
    private static final long RETRY_BUDGET_NANOS = 15_000_000_000L;
    /** Bytes of the SQLite file read through a shared memory map rather than copied into each connection's cache. */
    private static final long SQLITE_MMAP_BYTES = 256L << 20;

    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    /** This process's SQLite writers, served in arrival order (see {@link #sqliteTransaction}). */
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);

    private JdbiDatabase(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    static Database open(DatabaseUrl url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setPoolName("chorus-db");
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        if (url.dialect() == Dialect.SQLITE) {
            configureSqlite(url, config);
        } else {
            config.setMaximumPoolSize(16);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot connect to the database " + url + ": "
                    + rootMessage(e), e);
        }
        try {
            migrate(url.dialect(), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot migrate the database " + url + ": "
                    + rootMessage(e), e);
        }
        return new JdbiDatabase(url.dialect(), pool);
    }

    private static void configureSqlite(DatabaseUrl url, HikariConfig config) {
        Path file = Path.of(url.jdbcUrl().substring("jdbc:sqlite:".length()));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot create the directory for " + file + ": " + e.getMessage());
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // Searches probe thousands of index pages; with the default 2 MiB page cache per connection each miss
        // was a read() and a copy (filtered search over 100k runs: 65-90 ms; mapped: 20-30 ms).
        sqlite.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(SQLITE_MMAP_BYTES));
        // Chorus's own transactions say BEGIN IMMEDIATE themselves (sqliteTransaction); this covers JDBC-level
        // ones (Flyway): the write lock is taken at BEGIN, so a read-then-write transaction waits for the lock
        // (busy timeout) instead of failing when it tries to upgrade.
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setDataSourceProperties(sqlite.toProperties());
        config.setMaximumPoolSize(8);
    }

    private static void migrate(Dialect dialect, HikariDataSource pool) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .placeholders(Map.of("blob", dialect.blobType(), "postgresOnly", dialect.postgresOnly(), "sqliteOnly", dialect.sqliteOnly()))
                .loggers("slf4j")
                .load()
                .migrate();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                // SQLite serialises writers (BEGIN IMMEDIATE); SERIALIZABLE gives PostgreSQL the same meaning,
                // at the price of retrying the transactions it aborts.
                return dialect == Dialect.POSTGRESQL
                        ? jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, work)
                        : sqliteTransaction(work);
            } catch (RuntimeException e) {
                if (!SqlErrors.isRetryable(e) || System.nanoTime() - start > RETRY_BUDGET_NANOS) {
                    throw SqlErrors.translate(e);
                }
                Backoff.pause(attempt, "a transaction");
            }
        }
    }

    /**
     * One SQLite write transaction: {@code BEGIN IMMEDIATE … COMMIT} on an auto-commit connection, after this
     * process's earlier writers. SQLite has one writer at a time, and left to itself a waiting connection polls
     * the lock, every 100 ms once it has waited a quarter of a second: under steady load (six threads committing)
     * newcomers kept winning and a waiter hit the 30 s busy timeout. And sqlite-jdbc's {@code commit()} runs
     * {@code commit; begin immediate;}, taking the lock a second time for nothing, and throws if that second
     * BEGIN times out, after the data is committed. So writers queue on a fair lock here (the busy timeout is
     * left for other processes on the same file), and BEGIN and COMMIT are plain statements.
     */
    private <T> T sqliteTransaction(HandleCallback<T, RuntimeException> work) {
        if (sqliteWriter.isHeldByCurrentThread()) {
            // a second connection would wait for the lock this thread holds, until the busy timeout
            throw new IllegalStateException("a transaction was started inside another one on the same thread");
        }
        // the connection first: a writer holding the lock never waits for the pool
        return jdbi.withHandle(h -> {
            sqliteWriter.lock();
            try {
                h.execute("BEGIN IMMEDIATE");
                try {
                    T result = work.withHandle(h);
                    h.execute("COMMIT");
                    return result;
                } catch (RuntimeException | Error e) {
                    rollBack(h, e);
                    throw e;
                }
            } finally {
                sqliteWriter.unlock();
            }
        });
    }

    /** Rolls back; a connection that cannot is closed rather than handed to the next writer mid-transaction. */
    private void rollBack(Handle h, Throwable cause) {
        try {
            h.execute("ROLLBACK");
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            pool.evictConnection(h.getConnection());
        }
    }

    @Override
    public <T> T withHandle(HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (RuntimeException e) {
            throw SqlErrors.translate(e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
