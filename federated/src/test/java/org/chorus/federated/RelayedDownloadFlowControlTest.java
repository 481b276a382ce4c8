package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chorus.federated.proto.v1.DownloadRequest;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.TensorPiece;
import org.junit.jupiter.api.Test;

/**
 * A coordinator relaying another's model to a node that reads slowly holds a few pieces, not the model: over real
 * gRPC (Netty, loopback), an owner that sends as fast as flow control lets it, a relay running
 * {@link FederationService#relayDownload}, and a node that takes one piece and then stops asking.
 */
class RelayedDownloadFlowControlTest {
    static final int PIECES = 48;

    @Test
    void aNodeThatStopsReadingHoldsTheOwnerToAFewPiecesAndThenGetsTheWholeModelInOrder() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        Server owner = NettyServerBuilder.forPort(0).addService(new FederationGrpc.FederationImplBase() {
            @Override
            public void downloadModel(DownloadRequest req, StreamObserver<TensorPiece> out) {
                ServerCallStreamObserver<TensorPiece> call = (ServerCallStreamObserver<TensorPiece>) out;
                Runnable drain = () -> {
                    synchronized (sent) {
                        while (call.isReady() && sent.get() < PIECES) {
                            call.onNext(piece(sent.getAndIncrement()));
                            if (sent.get() == PIECES) {
                                call.onCompleted();
                            }
                        }
                    }
                };
                call.setOnReadyHandler(drain);
                drain.run();
            }
        }).build().start();
        ManagedChannel toOwner = NettyChannelBuilder.forAddress("127.0.0.1", owner.getPort()).usePlaintext().build();
        Server relay = NettyServerBuilder.forPort(0).addService(new FederationGrpc.FederationImplBase() {
            @Override
            public void downloadModel(DownloadRequest req, StreamObserver<TensorPiece> out) {
                FederationService.relayDownload(toOwner, req, out);
            }
        }).build().start();
        ManagedChannel toRelay = NettyChannelBuilder.forAddress("127.0.0.1", relay.getPort()).usePlaintext()
                .maxInboundMessageSize(8 << 20).build();
        try {
            List<TensorPiece> got = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<ClientCallStreamObserver<DownloadRequest>> call = new CompletableFuture<>();
            FederationGrpc.newStub(toRelay).downloadModel(DownloadRequest.getDefaultInstance(), new ClientResponseObserver<DownloadRequest, TensorPiece>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<DownloadRequest> c) {
                    c.disableAutoRequestWithInitial(1); // one piece, then nothing until asked
                    call.complete(c);
                }

                @Override
                public void onNext(TensorPiece p) {
                    got.add(p);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(null);
                }
            });
            int held = settled(sent);
            call.get().request(PIECES);
            done.get(60, TimeUnit.SECONDS);

            assertThat(held).as("pieces the owner sent while the node read one (before: all %d)", PIECES).isLessThan(PIECES / 3);
            assertThat(got).extracting(TensorPiece::getName).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, PIECES).mapToObj(i -> "t" + i).toList());
            assertThat(got).allSatisfy(p -> assertThat(p.getData().byteAt(7)).isEqualTo((byte) Integer.parseInt(p.getName().substring(1))));
        } finally {
            toRelay.shutdownNow();
            relay.shutdownNow();
            toOwner.shutdownNow();
            owner.shutdownNow();
        }
    }

    /** A 1 MiB piece (the size {@link Wire} sends) whose bytes say which it is. */
    static TensorPiece piece(int i) {
        byte[] data = new byte[Wire.PIECE_BYTES];
        java.util.Arrays.fill(data, (byte) i);
        return TensorPiece.newBuilder().setName("t" + i).setData(ByteString.copyFrom(data)).build();
    }

    /** The count once it has stopped moving for half a second (the relay has read all it is going to). */
    static int settled(AtomicInteger count) throws InterruptedException {
        int last = -1;
        while (count.get() != last || count.get() == 0) {
            last = count.get();
            Thread.sleep(500);
        }
        return last;
    }
}
