package org.chorus.storage;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the contract against a real S3 server (s3proxy over an in-memory blob store) started in this JVM. */
class S3ObjectStoreTest extends ObjectStoreContract {
    static S3Proxy proxy;
    static BlobStore blobs;
    static int bucketCount;

    @BeforeAll
    static void startS3() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("id", "secret").build(BlobStoreContext.class)
                .getBlobStore();
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        proxy.stop();
    }

    static StorageConfig config(String bucket) {
        blobs.createContainerInLocation(null, bucket);
        return StorageConfig.parse("s3://" + bucket + "/chorus/data?endpoint=http://127.0.0.1:" + proxy.getPort()
                + "&accessKey=access&secretKey=secret&region=us-east-1");
    }

    @Override
    ObjectStore store() {
        return S3ObjectStore.open(config("bucket" + ++bucketCount));
    }
}
