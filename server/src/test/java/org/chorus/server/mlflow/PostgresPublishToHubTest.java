package org.chorus.server.mlflow;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresPublishToHubTest extends PublishToHubContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
