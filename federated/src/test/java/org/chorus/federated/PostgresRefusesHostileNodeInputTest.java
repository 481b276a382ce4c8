package org.chorus.federated;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresRefusesHostileNodeInputTest extends RefusesHostileNodeInputContract {
    @Override
    Database newDatabase(Path dir) {
        return TestDatabases.postgres();
    }
}
