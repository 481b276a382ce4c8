package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteImportedEcosystemTest extends ImportedEcosystemContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
