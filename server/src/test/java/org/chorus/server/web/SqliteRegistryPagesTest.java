package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteRegistryPagesTest extends RegistryPagesContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
