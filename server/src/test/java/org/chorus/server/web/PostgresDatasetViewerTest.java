package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresDatasetViewerTest extends DatasetViewerContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
