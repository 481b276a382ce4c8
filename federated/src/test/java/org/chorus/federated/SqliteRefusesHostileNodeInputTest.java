package org.chorus.federated;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class SqliteRefusesHostileNodeInputTest extends RefusesHostileNodeInputContract {
    @Override
    Database newDatabase(Path dir) {
        return TestDatabases.sqlite(dir);
    }
}
