package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.S3Buckets;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chunks on S3 (s3proxy in this JVM). */
class S3BadDownloadClientsTest extends BadDownloadClientsContract {
    @RegisterExtension
    static final S3Buckets S3 = new S3Buckets();

    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir, settings -> settings.storage(S3.fresh("bad-downloads")));
    }
}
