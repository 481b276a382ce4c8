package org.chorus.server.hf;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.chorus.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The chunks on S3 (s3proxy in this JVM). */
class S3BadDownloadClientsTest extends BadDownloadClientsContract {
    private static S3TestServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir, settings -> settings.storage(s3.freshBucketUrl("bad-downloads")));
    }
}
