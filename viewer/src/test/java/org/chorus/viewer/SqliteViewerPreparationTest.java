package org.chorus.viewer;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteViewerPreparationTest extends ViewerPreparationContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
