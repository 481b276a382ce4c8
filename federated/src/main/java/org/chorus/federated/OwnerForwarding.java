package org.chorus.federated;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Any coordinator answers any node: a call about a task whose lease another live coordinator holds is forwarded to
 * that one's advertised address (once: a forwarded call is marked and always served where it lands); a task whose
 * owner died (lease expired) is taken over here at once, and resumes from its last committed round.
 */
final class OwnerForwarding implements AutoCloseable {
    /** Set on forwarded calls to the forwarding coordinator's node id. */
    static final Metadata.Key<String> FORWARDED_BY = Metadata.Key.of("chorus-fl-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED = Context.key("chorus-fl-forwarded-by");

    private final DefaultCoordinator c;
    /** How long the owners found for a federation's idle pulls are reused: idle nodes pull up to 2,000 times a second. */
    private static final long OWNERS_FRESH_MS = 1_000;

    private record Owners(long foundAt, List<String> addresses) {}

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Owners> owners = new ConcurrentHashMap<>();

    OwnerForwarding(DefaultCoordinator c) {
        this.c = c;
    }

    /** Puts the forwarding mark of incoming calls where the handlers see it. */
    static ServerInterceptor reader() {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                String by = headers.get(FORWARDED_BY);
                return by == null ? next.startCall(call, headers) : Contexts.interceptCall(Context.current().withValue(FORWARDED, by), call, headers, next);
            }
        };
    }

    /** The owner to forward a call about {@code taskId} to; empty when it is served here (this node's, ended, unknown, taken over). */
    Optional<Channel> ownerOf(String taskId) {
        if (FORWARDED.get() != null || !NodeInputs.plausibleId(taskId)) {
            return Optional.empty();
        }
        return c.store.lease(taskId).flatMap(this::reach).map(this::channel);
    }

    /** The other coordinators running tasks of the federation, to ask for an instruction when this one has none. */
    List<Channel> owners(String federationId) {
        if (FORWARDED.get() != null) {
            return List.of();
        }
        long now = c.clock.millis();
        Owners known = owners.get(federationId);
        if (known == null || now - known.foundAt() > OWNERS_FRESH_MS) {
            Set<String> addresses = new LinkedHashSet<>();
            for (SqlStore.LeaseRow l : c.store.leases(federationId)) {
                reach(l).ifPresent(addresses::add);
            }
            known = new Owners(now, List.copyOf(addresses));
            owners.put(federationId, known);
        }
        return known.addresses().stream().map(this::channel).toList();
    }

    /** The owner's address when another live coordinator holds the lease; an expired lease is taken over here. */
    private Optional<String> reach(SqlStore.LeaseRow l) {
        if (l.owner().equals(c.nodeId())) {
            return Optional.empty();
        }
        long now = c.clock.millis();
        if (l.until() < now) {
            c.takeOver(l.taskId());
            return Optional.empty();
        }
        return c.store.address(l.owner(), now);
    }

    private Channel channel(String address) {
        ManagedChannel ch = channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a).usePlaintext()
                .maxInboundMessageSize(8 << 20).build()); // as the SDK's channel
        Metadata mark = new Metadata();
        mark.put(FORWARDED_BY, c.nodeId());
        return ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(mark));
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel ch : channels.values()) {
            try {
                ch.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        channels.clear();
    }
}
