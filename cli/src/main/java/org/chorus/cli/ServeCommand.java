package org.chorus.cli;

import java.time.Duration;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = {"Starts the Chorus server: hub, tracking and APIs on one port.",
                "On first start with an empty database and CHORUS_BOOTSTRAP_TOKEN set (hf_...), creates site admin 'admin' with that token."})
final class ServeCommand extends CliCommand {
    /** Returned while the server runs, so {@code main} does not exit the JVM under it. */
    static final int KEEP_RUNNING = -1;

    @Option(names = "--host", defaultValue = ChorusConfig.DEFAULT_HOST,
            description = "Address to listen on, HTTP and federated gRPC: 127.0.0.1 is this machine only; 0.0.0.0 exposes the server to the network.")
    String host;

    @Option(names = "--port", defaultValue = "" + ChorusConfig.DEFAULT_PORT, description = "Port to listen on (0 picks a free one).")
    int port;

    @Option(names = "--fl-port", defaultValue = "" + ChorusConfig.DEFAULT_FEDERATED_PORT,
            description = "Port of the federated-learning gRPC endpoint (0 picks a free one, -1 turns it off).")
    int federatedPort;

    @Mixin
    DataOptions locations;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "" + ChorusConfig.DEFAULT_MAX_BODY_BYTES,
            description = "Largest JSON request body accepted; streamed uploads are not limited by it.")
    long maxBody;

    @Option(names = "--run-cache", paramLabel = "BYTES", defaultValue = "" + ChorusConfig.DEFAULT_RUN_CACHE_BYTES,
            description = "Memory for runs kept encoded between searches (a run's entry lasts until it changes); 0 turns it off.")
    long runCache;

    @Option(names = "--metrics-token", paramLabel = "TOKEN", defaultValue = "${env:CHORUS_METRICS_TOKEN}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Bearer token /metrics asks for, at least 16 characters (env CHORUS_METRICS_TOKEN, which keeps it out of ps); unset leaves /metrics open.")
    String metricsToken;

    @Option(names = "--tracking-default-permission", paramLabel = "PERMISSION", defaultValue = ChorusConfig.DEFAULT_TRACKING_PERMISSION,
            description = "What users hold on experiments and registered models they neither own nor were given a permission on:"
                    + " READ, EDIT, MANAGE or NO_PERMISSIONS. Callers without a token hold it too, at most READ.")
    String trackingDefaultPermission;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "" + ChorusConfig.DEFAULT_MAX_FILE_BYTES,
            description = "Largest file a repository takes (LFS and Xet); larger declared sizes are refused before any upload.")
    long maxFileSize;

    @Option(names = "--credential-ttl", paramLabel = "SECONDS", defaultValue = "" + ChorusConfig.DEFAULT_DERIVED_CREDENTIAL_SECONDS,
            description = "Lifetime of signed LFS URLs and Xet tokens (60 to 86400); each use also re-checks the access they came from.")
    long credentialTtl;

    @Option(names = "--node-id", paramLabel = "NAME", defaultValue = "", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "This node's name in logs, metrics (label node) and the X-Chorus-Node response header; default: the host name.")
    String nodeId;

    @Option(names = "--fl-address", paramLabel = "HOST:PORT", defaultValue = "", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Where the other nodes of a cluster reach this node's federated gRPC endpoint, to forward nodes' calls for"
                    + " the tasks it runs; default: the listen host (the host name with --host 0.0.0.0) and the --fl-port.")
    String federatedAddress;

    @Override
    public Integer call() {
        ChorusConfig config = locations.builder().host(host).port(port).federatedPort(federatedPort)
                .maxBodyBytes(maxBody)
                .runCacheBytes(runCache)
                .metricsToken(metricsToken)
                .trackingDefaultPermission(trackingDefaultPermission)
                .maxFileBytes(maxFileSize)
                .derivedCredentialTtl(Duration.ofSeconds(credentialTtl))
                .nodeId(nodeId)
                .federatedAddress(federatedAddress)
                .bootstrapToken(context.env().get("CHORUS_BOOTSTRAP_TOKEN"))
                .build();
        ChorusServer server = ChorusServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            context.out().println("Chorus stopped.");
        }, "chorus-shutdown"));
        boolean everywhere = host.equals("0.0.0.0") || host.equals("::");
        context.out().println("Chorus is running at " + server.url() + " (listening on " + host + ":" + server.port()
                + (everywhere ? ", every network interface" : ", this machine only: --host 0.0.0.0 exposes it")
                + (server.federatedPort() < 0 ? "" : "; federated gRPC on port " + server.federatedPort()) + ").");
        context.out().println("Node " + config.nodeId() + ". Data in " + config.dataDir() + ", database " + config.database() + ". Press Ctrl-C to stop.");
        return KEEP_RUNNING;
    }
}
