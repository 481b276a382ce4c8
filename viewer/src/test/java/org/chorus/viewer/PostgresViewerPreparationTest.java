package org.chorus.viewer;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresViewerPreparationTest extends ViewerPreparationContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.postgres();
    }
}
