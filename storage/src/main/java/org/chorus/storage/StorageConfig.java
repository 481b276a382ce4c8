package org.chorus.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.xet.Chunker;

/**
 * Where and how the chunk store keeps bytes. Built from the string the server's {@code --storage} option passes:
 * a directory path, {@code memory:}, or {@code s3://bucket/prefix?endpoint=http://host:9000&region=us-east-1}
 * (credentials come from the AWS default chain, or {@code accessKey}/{@code secretKey} parameters for tests; {@code cache}
 * names a local directory for copies of what downloads read, see {@link #withDefaultCache}).
 * Sizes default to the Xet constants; tests shrink them to reach every boundary with small inputs.
 */
public record StorageConfig(
        Backend backend, String location, Map<String, String> options, int targetChunkSize, int maxXorbBytes,
        Compression compression) {
    public static final int XET_TARGET_CHUNK = 64 * 1024;
    public static final int XET_MAX_XORB_BYTES = 64 * 1024 * 1024;
    /** The S3 option naming a local cache directory. */
    static final String CACHE = "cache";

    public enum Backend { MEMORY, DIRECTORY, S3 }

    /** NONE stores raw chunks, LZ4 always tries LZ4, AUTO also tries byte grouping when LZ4 gains little. */
    public enum Compression { NONE, LZ4, AUTO }

    public StorageConfig {
        options = Map.copyOf(options);
        try {
            new Chunker(targetChunkSize);
        } catch (IllegalArgumentException e) {
            throw ChorusException.invalid(e.getMessage());
        }
        // A xorb must hold at least one maximal chunk with its header.
        if (maxXorbBytes < targetChunkSize * 2 + ChunkCodec.HEADER || maxXorbBytes > XET_MAX_XORB_BYTES) {
            throw ChorusException.invalid("max xorb bytes must be between 2 chunks and 64 MiB: " + maxXorbBytes);
        }
    }

    public static StorageConfig parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw ChorusException.invalid("storage location is empty");
        }
        if (spec.equals("memory:")) {
            return new StorageConfig(Backend.MEMORY, "", Map.of(), XET_TARGET_CHUNK, XET_MAX_XORB_BYTES, Compression.AUTO);
        }
        if (spec.startsWith("s3://")) {
            URI uri = URI.create(spec);
            if (uri.getHost() == null) {
                throw ChorusException.invalid("s3 location needs a bucket: " + spec);
            }
            Map<String, String> options = new LinkedHashMap<>();
            if (uri.getRawQuery() != null) {
                for (String kv : uri.getRawQuery().split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw ChorusException.invalid("bad s3 option '" + kv + "' in " + spec);
                    }
                    options.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
            return new StorageConfig(Backend.S3, uri.getHost() + "/" + prefix, options, XET_TARGET_CHUNK,
                    XET_MAX_XORB_BYTES, Compression.AUTO);
        }
        String path = spec.startsWith("file:") ? URI.create(spec).getPath() : spec;
        return new StorageConfig(Backend.DIRECTORY, Path.of(path).toAbsolutePath().normalize().toString(), Map.of(),
                XET_TARGET_CHUNK, XET_MAX_XORB_BYTES, Compression.AUTO);
    }

    /**
     * For an S3 store without a {@code cache} option, the local directory {@code dir} for copies of the files and xorbs
     * downloads read (without one every download fetches and verifies every chunk again: 0.09 of nginx, design notes);
     * other stores keep their cache in their own directory or none.
     */
    public StorageConfig withDefaultCache(Path dir) {
        if (backend != Backend.S3 || options.containsKey(CACHE)) {
            return this;
        }
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(CACHE, dir.toAbsolutePath().normalize().toString());
        return new StorageConfig(backend, location, o, targetChunkSize, maxXorbBytes, compression);
    }

    public StorageConfig withChunkSizes(int targetChunkSize, int maxXorbBytes) {
        return new StorageConfig(backend, location, options, targetChunkSize, maxXorbBytes, compression);
    }

    public StorageConfig withCompression(Compression compression) {
        return new StorageConfig(backend, location, options, targetChunkSize, maxXorbBytes, compression);
    }
}
