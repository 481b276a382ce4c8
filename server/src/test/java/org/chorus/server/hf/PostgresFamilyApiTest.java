package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class PostgresFamilyApiTest extends FamilyApiContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.postgres(dataDir);
    }
}
