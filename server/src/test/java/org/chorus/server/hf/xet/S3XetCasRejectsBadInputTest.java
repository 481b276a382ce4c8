package org.chorus.server.hf.xet;

import java.nio.file.Path;
import org.chorus.server.S3Buckets;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every case of {@link XetCasRejectsBadInputTest} with the chunks on S3 (s3proxy in this JVM). */
class S3XetCasRejectsBadInputTest extends XetCasRejectsBadInputTest {
    @RegisterExtension
    static final S3Buckets S3 = new S3Buckets();

    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir, settings -> settings.storage(S3.fresh("xet-bad-input")));
    }
}
