package org.chorus.arena;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteArenaTest extends ArenaContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
