package org.chorus.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The chunk store contract on S3 (s3proxy in this JVM). */
class S3ChunkStoreTest extends ChunkStoreContract {
    @BeforeAll
    static void startS3() throws Exception {
        S3ObjectStoreTest.startS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        S3ObjectStoreTest.stopS3();
    }

    @Override
    ObjectStore objects() {
        return S3ObjectStore.open(S3ObjectStoreTest.s3.freshBucket("chunks"));
    }
}
