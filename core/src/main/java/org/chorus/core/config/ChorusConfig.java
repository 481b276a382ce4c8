package org.chorus.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.chorus.core.ChorusException;
import org.chorus.core.db.DatabaseUrl;

/**
 * Everything a server node needs to start, fixed once it starts. Every field has a default that makes
 * {@code chorus serve} work with no flags; {@link Builder#build()} validates and resolves the defaults.
 */
public record ChorusConfig(String host, int port, Path dataDir, DatabaseUrl database, String storage,
                           long maxBodyBytes, String bootstrapToken, int federatedPort, long runCacheBytes,
                           String metricsToken, String trackingDefaultPermission, long maxFileBytes,
                           Duration derivedCredentialTtl, String nodeId, String federatedAddress) {

    /** This machine only: exposing a server to the network is a choice ({@code --host 0.0.0.0}). */
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "chorus-data";
    public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;
    public static final int DEFAULT_FEDERATED_PORT = 9091;
    /** Encoded runs kept for search answers: about 100,000 runs of a few metrics, params and tags. */
    public static final long DEFAULT_RUN_CACHE_BYTES = 64L << 20;
    /** What users hold on experiments and registered models they neither own nor were given a permission on. */
    public static final String DEFAULT_TRACKING_PERMISSION = "READ";
    /** MLflow's permission names, as the tracking module's {@code Permission} has them. */
    private static final List<String> TRACKING_PERMISSIONS = List.of("NO_PERMISSIONS", "READ", "EDIT", "MANAGE");
    /** The largest file a repository takes, as on the Hugging Face Hub (50 GB). */
    public static final long DEFAULT_MAX_FILE_BYTES = 50_000_000_000L;
    /** Far above any real file, and low enough that part counts and offsets computed from a size never overflow. */
    public static final long MAX_MAX_FILE_BYTES = 1L << 50;
    /** How long signed LFS URLs and Xet tokens live; every use also re-checks the access they came from. */
    public static final long DEFAULT_DERIVED_CREDENTIAL_SECONDS = 900;

    /** An advertised federated address: host name, IPv4 or bracketed IPv6, and a port. */
    private static final java.util.regex.Pattern HOST_PORT = java.util.regex.Pattern.compile("([A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]{2,45}\\]):[0-9]{1,5}");

    /** What a node id may hold: it is a metrics label, a log field and a response header. */
    private static final java.util.regex.Pattern NODE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static Builder builder() {
        return new Builder();
    }

    /** The URL a person on this machine would open. */
    public String localUrl(int boundPort) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return "http://" + h + ":" + boundPort;
    }

    /**
     * Where the other nodes of a cluster reach this one's federated gRPC endpoint, bound to {@code boundPort}: the
     * configured address, else the listen host (the host name when listening everywhere) with that port.
     */
    public String federatedAddress(int boundPort) {
        if (federatedAddress != null) {
            return federatedAddress;
        }
        String h = host.equals("0.0.0.0") || host.equals("::") ? HostName.asNodeId() : host.contains(":") ? "[" + host + "]" : host;
        return h + ":" + boundPort;
    }

    @Override
    public String toString() {
        return "ChorusConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", database=" + database
                + ", storage=" + storage + ", maxBodyBytes=" + maxBodyBytes + ", bootstrapToken=" + (bootstrapToken == null ? "unset" : "***")
                + ", federatedPort=" + federatedPort + ", runCacheBytes=" + runCacheBytes
                + ", metricsToken=" + (metricsToken == null ? "unset" : "***")
                + ", trackingDefaultPermission=" + trackingDefaultPermission + ", maxFileBytes=" + maxFileBytes
                + ", derivedCredentialTtl=" + derivedCredentialTtl + ", nodeId=" + nodeId + ", federatedAddress=" + federatedAddress + "]";
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDir = Path.of(DEFAULT_DATA_DIR);
        private String database;
        private String storage;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private String bootstrapToken;
        private int federatedPort = DEFAULT_FEDERATED_PORT;
        private long runCacheBytes = DEFAULT_RUN_CACHE_BYTES;
        private String metricsToken;
        private String trackingDefaultPermission = DEFAULT_TRACKING_PERMISSION;
        private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        private Duration derivedCredentialTtl = Duration.ofSeconds(DEFAULT_DERIVED_CREDENTIAL_SECONDS);
        private String nodeId;
        private String federatedAddress;

        private Builder() {}

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder dataDir(Path dataDir) { this.dataDir = dataDir; return this; }
        /** {@code sqlite:<file>} or {@code postgresql://…}; null means SQLite in the data directory. */
        public Builder database(String database) { this.database = database; return this; }
        /** A directory or a backend URL; null means {@code <data>/storage}. */
        public Builder storage(String storage) { this.storage = storage; return this; }
        public Builder maxBodyBytes(long maxBodyBytes) { this.maxBodyBytes = maxBodyBytes; return this; }
        public Builder bootstrapToken(String bootstrapToken) { this.bootstrapToken = bootstrapToken; return this; }
        /** The federated gRPC port; 0 picks a free one, -1 turns the endpoint off. */
        public Builder federatedPort(int federatedPort) { this.federatedPort = federatedPort; return this; }
        /** Memory for encoded runs kept between searches; 0 keeps none. */
        public Builder runCacheBytes(long runCacheBytes) { this.runCacheBytes = runCacheBytes; return this; }
        /** The bearer token {@code /metrics} asks for; null or blank leaves it open. */
        public Builder metricsToken(String metricsToken) { this.metricsToken = metricsToken; return this; }
        /** READ, EDIT, MANAGE or NO_PERMISSIONS (any case). */
        public Builder trackingDefaultPermission(String permission) { this.trackingDefaultPermission = permission; return this; }
        /** The largest file (LFS object, Xet file) any route accepts or hands out upload URLs for. */
        public Builder maxFileBytes(long maxFileBytes) { this.maxFileBytes = maxFileBytes; return this; }
        /** Lifetime of signed LFS URLs, Xet tokens and signed xorb ranges. */
        public Builder derivedCredentialTtl(Duration ttl) { this.derivedCredentialTtl = ttl; return this; }
        /** This node's name in logs, metrics and the {@code X-Chorus-Node} header; null or blank means the host name. */
        public Builder nodeId(String nodeId) { this.nodeId = nodeId; return this; }
        /** {@code host:port} where other nodes reach this one's federated endpoint; null or blank derives it from the listen address. */
        public Builder federatedAddress(String address) { this.federatedAddress = address; return this; }

        public ChorusConfig build() {
            if (port < 0 || port > 65535) {
                throw ChorusException.invalid("port must be between 0 and 65535, got " + port);
            }
            if (federatedPort < -1 || federatedPort > 65535) {
                throw ChorusException.invalid("federated port must be -1 (off) or between 0 and 65535, got " + federatedPort);
            }
            if (host == null || host.isBlank()) {
                throw ChorusException.invalid("host must not be empty");
            }
            if (dataDir == null) {
                throw ChorusException.invalid("data directory must not be empty");
            }
            if (maxBodyBytes < 1024) {
                throw ChorusException.invalid("the request body limit must be at least 1024 bytes");
            }
            if (runCacheBytes < 0) {
                throw ChorusException.invalid("the run cache size must be 0 (off) or more bytes, got " + runCacheBytes);
            }
            String permission = trackingDefaultPermission == null ? "" : trackingDefaultPermission.toUpperCase(Locale.ROOT);
            if (!TRACKING_PERMISSIONS.contains(permission)) {
                throw ChorusException.invalid("the default tracking permission must be one of " + TRACKING_PERMISSIONS + ", got '"
                        + trackingDefaultPermission + "'");
            }
            if (maxFileBytes < 1 || maxFileBytes > MAX_MAX_FILE_BYTES) {
                throw ChorusException.invalid("the file size limit must be between 1 and " + MAX_MAX_FILE_BYTES + " bytes, got " + maxFileBytes);
            }
            if (derivedCredentialTtl == null || derivedCredentialTtl.compareTo(Duration.ofMinutes(1)) < 0
                    || derivedCredentialTtl.compareTo(Duration.ofDays(1)) > 0) {
                throw ChorusException.invalid("the lifetime of signed URLs and Xet tokens must be between 60 seconds and one day, got "
                        + derivedCredentialTtl);
            }
            Path data = dataDir.toAbsolutePath().normalize();
            DatabaseUrl db = database == null || database.isBlank()
                    ? DatabaseUrl.sqlite(data.resolve("chorus.db"))
                    : DatabaseUrl.parse(database);
            String store = storage == null || storage.isBlank() ? data.resolve("storage").toString() : storage;
            String boot = bootstrapToken == null || bootstrapToken.isBlank() ? null : bootstrapToken;
            String metrics = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.strip();
            if (metrics != null && metrics.length() < 16) {
                throw ChorusException.invalid("the metrics token must be at least 16 characters");
            }
            String node = nodeId == null || nodeId.isBlank() ? HostName.asNodeId() : nodeId.strip();
            if (!NODE_ID.matcher(node).matches()) {
                throw ChorusException.invalid("the node id must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit, got '"
                        + node + "'");
            }
            String flAddress = federatedAddress == null || federatedAddress.isBlank() ? null : federatedAddress.strip();
            if (flAddress != null && (!HOST_PORT.matcher(flAddress).matches()
                    || Integer.parseInt(flAddress.substring(flAddress.lastIndexOf(':') + 1)) > 65535)) {
                throw ChorusException.invalid("the federated address must be host:port (a port up to 65535), got '" + flAddress + "'");
            }
            return new ChorusConfig(host, port, data, db, store, maxBodyBytes, boot, federatedPort, runCacheBytes, metrics, permission,
                    maxFileBytes, derivedCredentialTtl, node, flAddress);
        }
    }
}
