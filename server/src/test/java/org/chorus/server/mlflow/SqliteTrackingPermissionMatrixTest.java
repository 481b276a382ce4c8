package org.chorus.server.mlflow;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteTrackingPermissionMatrixTest extends TrackingPermissionMatrixContract {
    @Override
    ServerFixture start(Path dataDir, String defaultPermission) {
        return ServerFixture.sqlite(dataDir, config -> config.trackingDefaultPermission(defaultPermission));
    }
}
