package org.chorus.federated;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

class SqliteSqlStoreTest extends SqlStoreContract {
    @TempDir
    Path dir;

    @Override
    Database newDatabase() {
        return TestDatabases.sqlite(dir);
    }
}
