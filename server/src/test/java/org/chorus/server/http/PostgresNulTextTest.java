package org.chorus.server.http;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresNulTextTest extends NulTextContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
