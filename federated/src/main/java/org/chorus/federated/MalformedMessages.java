package org.chorus.federated;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that are not a protobuf message of the method's request type are the client's error: the call ends with
 * {@code INVALID_ARGUMENT} and a one-line log. Left to gRPC, it would end with {@code UNKNOWN} ("Application error
 * processing RPC") and a SEVERE stack trace for each such message, because gRPC parses requests before any
 * interceptor sees them. So the service is bound with {@link ServerInterceptors#useInputStreamMessages}, which moves
 * the parse into the listener chain, where this interceptor catches its failure; the handler is then told the call was
 * cancelled (an upload in progress fails for its round at once) and hears nothing more of it.
 */
final class MalformedMessages implements ServerInterceptor {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(MalformedMessages.class);
    /**
     * gRPC's Netty server logs every message it cannot deframe (larger than the inbound limit, bad compression) at
     * WARNING with a stack trace, then answers the client with the status (e.g. RESOURCE_EXHAUSTED). Such a message is
     * always the client's error, so only SEVERE gets through. Held here: JUL keeps loggers weakly.
     */
    private static final Logger DEFRAME_FAILURES = Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

    static {
        DEFRAME_FAILURES.setLevel(Level.SEVERE);
    }

    private MalformedMessages() {}

    /** {@code service} with malformed requests answered as the client's error. */
    static ServerServiceDefinition guard(BindableService service) {
        return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service.bindService()), new MalformedMessages());
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Guarded<Q, R> guarded = new Guarded<>(call);
        return guarded.listen(next.startCall(guarded, headers));
    }

    /** The call, remembering whether it was closed; its listener, forwarding nothing after a malformed message. */
    private static final class Guarded<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private volatile boolean closed;
        private boolean refused;

        Guarded(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            closed = true;
            super.close(status, trailers);
        }

        ServerCall.Listener<Q> listen(ServerCall.Listener<Q> handler) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(handler) {
                @Override
                public void onMessage(Q message) {
                    if (refused) {
                        return;
                    }
                    try {
                        super.onMessage(message);
                    } catch (StatusRuntimeException e) {
                        if (!(e.getCause() instanceof InvalidProtocolBufferException bad)) {
                            throw e;
                        }
                        refused = true;
                        String method = getMethodDescriptor().getBareMethodName();
                        LOG.info("malformed {} message: {}", method, bad.getMessage());
                        if (!closed) {
                            close(Status.INVALID_ARGUMENT.withDescription("malformed " + method + " message: " + bad.getMessage()), new Metadata());
                        }
                        super.onCancel();
                    }
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        super.onHalfClose();
                    }
                }

                @Override
                public void onCancel() {
                    if (!refused) {
                        super.onCancel();
                    }
                }

                @Override
                public void onComplete() {
                    if (!refused) {
                        super.onComplete();
                    }
                }

                @Override
                public void onReady() {
                    if (!refused) {
                        super.onReady();
                    }
                }
            };
        }
    }
}
