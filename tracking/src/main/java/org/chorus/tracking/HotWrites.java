package org.chorus.tracking;

import java.sql.SQLException;
import org.chorus.core.Backoff;
import org.chorus.core.db.Database;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.HandleConsumer;

/**
 * The log-batch write path. Many clients log to one run at once (MLflow's own benchmark does), so on
 * PostgreSQL it runs READ COMMITTED instead of SERIALIZABLE: upserts of the same latest-metric rows then
 * wait for each other instead of aborting, and rows are touched in key order so they cannot deadlock.
 * Correctness does not need serializability here: points only accumulate, latest values are a monotone
 * max, tags are last-writer-wins, and params are checked after insert. On SQLite, which allows one writer
 * at a time, it is a plain {@link Database#inTransaction}: that queues every writer of the process on one fair
 * lock rather than leaving them to poll SQLite's busy handler, which sleeps up to 100 ms between tries.
 */
final class HotWrites {
    private static final int MAX_ATTEMPTS = 10;

    private final Database db;

    HotWrites(Database db) {
        this.db = db;
    }

    void run(HandleConsumer<RuntimeException> work) {
        if (db.dialect() == Dialect.SQLITE) {
            db.useTransaction(work);
        } else {
            attempt(work);
        }
    }

    private void attempt(HandleConsumer<RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                // The pool's default isolation: READ COMMITTED on PostgreSQL (Database.inTransaction raises it to
                // SERIALIZABLE per transaction and restores it). Asking JDBI for a level explicitly would cost a
                // round trip per transaction to read the current one.
                db.withHandle(h -> h.inTransaction(tx -> {
                    work.useHandle(tx);
                    return null;
                }));
                return;
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                Backoff.pause(attempt, "a write");
            }
        }
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
