package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteHubApiTest extends HubApiContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
