package org.chorus.server.hf.xet;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.chorus.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every case of {@link XetCasRejectsBadInputTest} with the chunks on S3 (s3proxy in this JVM). */
class S3XetCasRejectsBadInputTest extends XetCasRejectsBadInputTest {
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
        return ServerFixture.sqlite(dataDir, settings -> settings.storage(s3.freshBucketUrl("xet-bad-input")));
    }
}
