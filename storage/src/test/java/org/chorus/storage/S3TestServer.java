package org.chorus.storage;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server (s3proxy over an in-memory blob store) on a free loopback port in this JVM. Public in the test-jar so
 * that the server's tests run the hub on S3 too.
 */
public final class S3TestServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore blobs;
    private int bucketCount;

    private S3TestServer(S3Proxy proxy, BlobStore blobs) {
        this.proxy = proxy;
        this.blobs = blobs;
    }

    public static S3TestServer start() throws Exception {
        BlobStore blobs = ContextBuilder.newBuilder("transient").credentials("id", "secret").build(BlobStoreContext.class)
                .getBlobStore();
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret").build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        return new S3TestServer(proxy, blobs);
    }

    /**
     * For benchmarks ({@code bench/transfer/run.sh} with {@code STORE=s3}): starts a server, prints the storage setting of
     * a fresh bucket on one line and serves until stdin closes. Objects live in this JVM's heap.
     */
    public static void main(String[] args) throws Exception {
        try (S3TestServer s3 = start()) {
            System.out.println(s3.freshBucketUrl("bench"));
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the caller closes our stdin (or kills us)
            }
        }
    }

    /** The storage setting ({@code serve --storage}) of a fresh, empty bucket whose name starts with {@code prefix}. */
    public synchronized String freshBucketUrl(String prefix) {
        String bucket = prefix + ++bucketCount;
        blobs.createContainerInLocation(null, bucket);
        return "s3://" + bucket + "/chorus/data?endpoint=http://127.0.0.1:" + proxy.getPort()
                + "&accessKey=access&secretKey=secret&region=us-east-1";
    }

    StorageConfig freshBucket(String prefix) {
        return StorageConfig.parse(freshBucketUrl(prefix));
    }

    /** Stops the proxy; its {@code Exception} is unchecked here so that try-with-resources need not handle interrupts. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
