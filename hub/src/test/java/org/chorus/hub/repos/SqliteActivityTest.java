package org.chorus.hub.repos;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteActivityTest extends ActivityContract {
    @Override
    Database newDatabase(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
