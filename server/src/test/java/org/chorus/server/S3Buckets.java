package org.chorus.server;

import org.chorus.storage.S3TestServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One S3 server (s3proxy in this JVM) for a test class, started before its tests and stopped after them; each server
 * the class starts gets a fresh bucket. Register as a static {@code @RegisterExtension} field.
 */
public final class S3Buckets implements BeforeAllCallback, AfterAllCallback {
    private S3TestServer s3;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        s3 = S3TestServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        s3.close();
    }

    /** The storage setting of a fresh, empty bucket whose name starts with {@code prefix}. */
    public String fresh(String prefix) {
        return s3.freshBucketUrl(prefix);
    }
}
