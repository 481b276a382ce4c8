package org.chorus.storage;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket under a key prefix. S3 makes a PUT atomic and durable once it returns, which is
 * the contract {@link ObjectStore#put} asks for, so no temporary names are needed.
 */
final class S3ObjectStore implements ObjectStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Optional<java.nio.file.Path> cache;

    S3ObjectStore(S3Client s3, String bucket, String prefix, Optional<java.nio.file.Path> cache) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
        this.cache = cache;
    }

    static S3ObjectStore open(StorageConfig config) {
        String location = config.location();
        int slash = location.indexOf('/');
        String bucket = location.substring(0, slash);
        var options = config.options();
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(options.getOrDefault("region", "us-east-1")))
                // Many S3-compatible servers do not understand the SDK's default trailing checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (options.containsKey("endpoint")) {
            // Self-hosted S3 servers (MinIO, s3proxy, Ceph) are addressed by path, not by bucket subdomain.
            builder.endpointOverride(URI.create(options.get("endpoint"))).forcePathStyle(true);
        }
        if (options.containsKey("accessKey")) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(options.get("accessKey"), options.getOrDefault("secretKey", ""))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return new S3ObjectStore(builder.build(), bucket, location.substring(slash + 1),
                Optional.ofNullable(options.get(StorageConfig.CACHE)).map(java.nio.file.Path::of));
    }

    /** The node's local directory the {@code cache} option names, where readers keep file and xorb copies. */
    @Override
    public Optional<java.nio.file.Path> cacheDirectory() {
        return cache;
    }

    @Override
    public void put(String name, byte[] data) {
        call(name, () -> s3.putObject(r -> r.bucket(bucket).key(key(name)).contentLength((long) data.length),
                RequestBody.fromBytes(data)));
    }

    /** Spooled to a local temporary file, then sent in one PUT (S3 makes it atomic and durable). */
    @Override
    public Draft draft() {
        return new SpoolDraft();
    }

    private final class SpoolDraft implements Draft {
        private final java.nio.file.Path spool;
        private final java.io.OutputStream out;
        private long size;

        SpoolDraft() {
            try {
                spool = java.nio.file.Files.createTempFile("chorus-s3-", ".part");
                out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(spool), 1 << 16);
            } catch (java.io.IOException e) {
                throw DirectoryObjectStore.translate("a spool file", e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                out.write(b, off, len);
                size += len;
            } catch (java.io.IOException e) {
                close();
                throw DirectoryObjectStore.translate("a spool file", e);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void publish(String name) {
            try {
                out.close();
                call(name, () -> s3.putObject(r -> r.bucket(bucket).key(key(name)).contentLength(size),
                        RequestBody.fromFile(spool)));
            } catch (java.io.IOException e) {
                throw DirectoryObjectStore.translate(name, e);
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            try {
                out.close();
                java.nio.file.Files.deleteIfExists(spool);
            } catch (java.io.IOException ignored) {
                // a spool file that cannot be removed is only a temporary file
            }
        }
    }

    @Override
    public java.io.InputStream openRange(String name, long start, long end) {
        if (end <= start) {
            return ObjectStore.super.openRange(name, start, end);
        }
        // Streamed; the object's size is checked first, as the GET would shorten a range past the end.
        long size = stat(name).orElseThrow(() -> ChorusException.notFound("no object " + name)).size();
        ObjectNames.checkRange(name, start, end, size);
        String range = "bytes=" + start + "-" + (end - 1);
        return call(name, () -> s3.getObject(r -> r.bucket(bucket).key(key(name)).range(range)));
    }

    @Override
    public byte[] get(String name) {
        return call(name, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(name))).asByteArray());
    }

    @Override
    public byte[] getRange(String name, long start, long end) {
        if (start < 0 || end <= start) {
            long size = stat(name).orElseThrow(() -> ChorusException.notFound("no object " + name)).size();
            ObjectNames.checkRange(name, start, end, size);
            return new byte[0];
        }
        // One GET, no HEAD: S3 answers 416 for a start past the end and shortens a range that runs past it.
        String range = "bytes=" + start + "-" + (end - 1);
        byte[] bytes;
        try {
            bytes = call(name, () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key(name)).range(range)).asByteArray());
        } catch (ChorusException e) {
            if (e.getCause() instanceof S3Exception s && s.statusCode() == 416) {
                throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "range [" + start + ", " + end
                        + ") is outside " + name, e);
            }
            throw e;
        }
        if (bytes.length != end - start) {
            throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "range [" + start + ", " + end
                    + ") is outside " + name);
        }
        return bytes;
    }

    @Override
    public Optional<Info> stat(String name) {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(key(name)));
            return Optional.of(new Info(name, h.contentLength(), h.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(name, e);
        } catch (SdkException e) {
            throw failure(name, e);
        }
    }

    @Override
    public List<Info> list(String namePrefix) {
        List<Info> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + namePrefix)).contents()) {
                out.add(new Info(o.key().substring(prefix.length()), o.size(), o.lastModified()));
            }
        } catch (SdkException e) {
            throw failure(namePrefix, e);
        }
        return out;
    }

    @Override
    public void delete(String name) {
        call(name, () -> s3.deleteObject(r -> r.bucket(bucket).key(key(name))));
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String name) {
        return prefix + ObjectNames.check(name);
    }

    private <T> T call(String name, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchKeyException e) {
            throw ChorusException.notFound("no object " + name);
        } catch (SdkException e) {
            throw failure(name, e);
        }
    }

    private static ChorusException failure(String name, SdkException e) {
        if (e instanceof S3Exception s && s.statusCode() == 404) {
            return ChorusException.notFound("no object " + name);
        }
        boolean full = e instanceof S3Exception s && ("EntityTooLarge".equals(s.awsErrorDetails().errorCode())
                || "QuotaExceeded".equals(s.awsErrorDetails().errorCode()));
        return new ChorusException(full ? ErrorCode.STORAGE_FULL : ErrorCode.UNAVAILABLE,
                "object storage failed on " + name + ": " + e.getMessage(), e);
    }
}
