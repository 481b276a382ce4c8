package org.chorus.federated;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** The coordinator's gRPC endpoint, on a TCP port or an in-process name (simulation). Handlers run on virtual threads. */
public final class FederatedServer implements AutoCloseable {
    /** The default port of the federated gRPC endpoint. */
    public static final int DEFAULT_PORT = 9091;

    private final Server server;
    private final ExecutorService executor;

    private FederatedServer(Server server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code port} (0 picks a free one) on all interfaces. */
    public static FederatedServer tcp(Coordinator coordinator, int port) {
        return tcp(coordinator, new InetSocketAddress(port));
    }

    /** Listens on {@code host}'s {@code port} (0 picks a free one): the address the hub's HTTP port listens on. */
    public static FederatedServer tcp(Coordinator coordinator, String host, int port) {
        return tcp(coordinator, new InetSocketAddress(host, port));
    }

    private static FederatedServer tcp(Coordinator coordinator, InetSocketAddress address) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Server s = NettyServerBuilder.forAddress(address).executor(executor)
                .addService(service(coordinator)).build();
        return start(s, executor);
    }

    /** Serves in-process under {@code name}: the same service, without sockets. */
    public static FederatedServer inProcess(Coordinator coordinator, String name) {
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Server s = InProcessServerBuilder.forName(name).executor(executor)
                .addService(service(coordinator)).build();
        return start(s, executor);
    }

    /** The service behind its guards: malformed messages refused, forwarded calls marked. */
    private static io.grpc.ServerServiceDefinition service(Coordinator coordinator) {
        return io.grpc.ServerInterceptors.intercept(MalformedMessages.guard(new FederationService((DefaultCoordinator) coordinator)),
                OwnerForwarding.reader());
    }

    private static FederatedServer start(Server s, ExecutorService executor) {
        try {
            s.start();
        } catch (IOException e) {
            executor.shutdown();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot start the federated endpoint: " + e.getMessage(), e);
        }
        return new FederatedServer(s, executor);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
