package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest extends DatabaseContract {
    @TempDir
    Path dir;

    @Override
    Database newDatabase() {
        return TestDatabases.sqlite(dir);
    }

    @Test
    void reopeningKeepsDataAndUsesWal() {
        db.useTransaction(h -> h.execute(
                "INSERT INTO accounts (id, name, name_key, kind, fullname, created_at) VALUES ('a', 'a', 'a', 'user', 'a', 0)"));
        db.close();

        db = newDatabase();

        int count = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one());
        String mode = db.withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(count).isEqualTo(1);
        assertThat(mode).isEqualToIgnoringCase("wal");
    }
}
