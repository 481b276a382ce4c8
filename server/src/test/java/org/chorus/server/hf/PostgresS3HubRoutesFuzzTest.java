package org.chorus.server.hf;

import java.io.IOException;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chorus.server.ServerFixture;
import org.chorus.storage.S3TestServer;

/** The hub's routes fuzzed on the other backends: PostgreSQL, with the chunks on S3 (s3proxy in this JVM). */
class PostgresS3HubRoutesFuzzTest extends HubRoutesFuzz {
    private static S3TestServer s3;

    @BeforeContainer
    static void start() throws Exception {
        s3 = S3TestServer.start();
        open("hub-fuzz-pg-s3", dir -> ServerFixture.postgres(dir, settings -> settings.storage(s3.freshBucketUrl("chunks"))));
    }

    @AfterContainer
    static void stopS3() throws Exception {
        s3.close();
    }
}
