package org.chorus.hub.accounts;

import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresAuthThrottleTest extends AuthThrottleContract {
    @Override
    Database newDatabase() {
        return TestDatabases.postgres();
    }
}
