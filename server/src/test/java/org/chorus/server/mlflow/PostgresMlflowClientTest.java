package org.chorus.server.mlflow;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresMlflowClientTest extends MlflowClientContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
