package org.chorus.tracking;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteEncodedRunsTest extends EncodedRunsContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
