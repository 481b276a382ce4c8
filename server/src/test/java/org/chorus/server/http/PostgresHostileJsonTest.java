package org.chorus.server.http;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresHostileJsonTest extends HostileJsonContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
