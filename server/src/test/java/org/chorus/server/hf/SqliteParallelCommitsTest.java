package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;

class SqliteParallelCommitsTest extends ParallelCommitsContract {
    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }
}
