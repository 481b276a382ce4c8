package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every SQL engine must show; subclasses supply the engine. */
abstract class DatabaseContract {
    Database db;

    abstract Database newDatabase();

    @BeforeEach
    void open() {
        db = newDatabase();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static void insertUser(org.jdbi.v3.core.Handle h, String id, String name) {
        h.createUpdate("INSERT INTO accounts (id, name, name_key, kind, fullname, created_at)"
                        + " VALUES (:id, :name, :key, 'user', :name, 0)")
                .bind("id", id).bind("name", name).bind("key", name.toLowerCase()).execute();
    }

    private int countAccounts() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one());
    }

    @Test
    void committedTransactionIsVisible() {
        db.useTransaction(h -> insertUser(h, "a1", "alice"));

        String name = db.withHandle(h -> h.createQuery("SELECT name FROM accounts WHERE id = 'a1'").mapTo(String.class).one());
        assertThat(name).isEqualTo("alice");
    }

    @Test
    void failedTransactionRollsBackEveryStatement() {
        assertThatThrownBy(() -> db.useTransaction(h -> {
            insertUser(h, "a1", "alice");
            insertUser(h, "a2", "bob");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(countAccounts()).isZero();
    }

    @Test
    void uniqueViolationBecomesAlreadyExists() {
        db.useTransaction(h -> insertUser(h, "a1", "alice"));

        assertThatThrownBy(() -> db.useTransaction(h -> insertUser(h, "a2", "alice")))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(countAccounts()).isEqualTo(1);
    }

    @Test
    void foreignKeysAreEnforced() {
        assertThatThrownBy(() -> db.useTransaction(h -> h.execute(
                "INSERT INTO tokens (id, user_id, name, role, secret_hash, created_at) VALUES ('t', 'nobody', 'n', 'read', 'x', 0)")))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void concurrentReadModifyWriteTransactionsAllCommit() throws Exception {
        db.useTransaction(h -> h.execute("CREATE TABLE counter_test (n INTEGER NOT NULL)"));
        db.useTransaction(h -> h.execute("INSERT INTO counter_test (n) VALUES (0)"));
        int threads = 8;
        int perThread = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        db.useTransaction(h -> {
                            int n = h.createQuery("SELECT n FROM counter_test").mapTo(Integer.class).one();
                            h.createUpdate("UPDATE counter_test SET n = :n").bind("n", n + 1).execute();
                        });
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }

        int n = db.withHandle(h -> h.createQuery("SELECT n FROM counter_test").mapTo(Integer.class).one());
        assertThat(n).isEqualTo(threads * perThread);
    }
}
