package org.chorus.server.http;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteNulTextTest extends NulTextContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
