package org.chorus.hub.repos;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteUnreferencedLargeFilesTest extends UnreferencedLargeFilesContract {
    @Override
    Database newDatabase(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
