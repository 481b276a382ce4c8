package org.chorus.tracking;

import java.nio.file.Path;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;

class PostgresTrackingPermissionsTest extends TrackingPermissionsContract {
    @Override
    Database open(Path dir) {
        return TestDatabases.postgres();
    }
}
