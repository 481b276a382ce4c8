package org.chorus.federated;

import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresSqlStoreTest extends SqlStoreContract {
    @Override
    Database newDatabase() {
        return TestDatabases.postgres();
    }
}
