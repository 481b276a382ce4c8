package org.chorus.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the contract against a real S3 server (s3proxy over an in-memory blob store) started in this JVM. */
class S3ObjectStoreTest extends ObjectStoreContract {
    static S3TestServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Override
    ObjectStore store() {
        return S3ObjectStore.open(s3.freshBucket("bucket"));
    }
}
