package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class DirectoryBadDownloadClientsTest extends BadDownloadClientsContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
