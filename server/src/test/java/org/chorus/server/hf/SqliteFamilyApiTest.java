package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteFamilyApiTest extends FamilyApiContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
