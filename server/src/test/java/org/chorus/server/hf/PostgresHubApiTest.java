package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresHubApiTest extends HubApiContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
