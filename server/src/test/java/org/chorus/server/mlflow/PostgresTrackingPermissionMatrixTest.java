package org.chorus.server.mlflow;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresTrackingPermissionMatrixTest extends TrackingPermissionMatrixContract {
    @Override
    ServerFixture start(Path dataDir, String defaultPermission) {
        return ServerFixture.postgres(dataDir, config -> config.trackingDefaultPermission(defaultPermission));
    }
}
