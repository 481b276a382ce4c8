package org.chorus.server.mlflow;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresMlflowClientTest extends MlflowClientContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
