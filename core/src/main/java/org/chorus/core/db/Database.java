package org.chorus.core.db;

import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;

/**
 * The metadata database: migrated on open, used through JDBI. Write transactions go through
 * {@link #inTransaction}, which commits or rolls back and turns constraint violations into
 * {@code ALREADY_EXISTS}. Transactions are serializable on every engine; one that loses a race is run
 * again, so the work passed in must not have effects outside the database.
 */
public interface Database extends AutoCloseable {

    /** Opens the pool and migrates the schema to the newest version. */
    static Database open(DatabaseUrl url) {
        return JdbiDatabase.open(url);
    }

    Dialect dialect();

    <T> T inTransaction(HandleCallback<T, RuntimeException> work);

    default void useTransaction(HandleConsumer<RuntimeException> work) {
        inTransaction(handle -> {
            work.useHandle(handle);
            return null;
        });
    }

    /** Runs read-only work on one pooled connection, outside a transaction. */
    <T> T withHandle(HandleCallback<T, RuntimeException> work);

    @Override
    void close();
}
