package org.chorus.discovery;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteExplorerTest extends ExplorerContract {
    @Override
    Database newDatabase(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
