package org.chorus.hub.accounts;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuthThrottleTest extends AuthThrottleContract {
    @TempDir
    Path dir;

    @Override
    Database newDatabase() {
        return TestDatabases.sqlite(dir);
    }
}
