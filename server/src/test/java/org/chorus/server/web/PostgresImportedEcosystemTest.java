package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresImportedEcosystemTest extends ImportedEcosystemContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
