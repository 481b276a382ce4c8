package org.chorus.federated;

import io.grpc.stub.StreamObserver;
import org.chorus.core.ChorusException;
import org.chorus.federated.proto.v1.PushReply;
import org.chorus.federated.proto.v1.ResultHeader;
import org.chorus.federated.proto.v1.ResultPart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One result upload: a header, then tensor pieces. A rejected upload answers at once with the reason
 * and ignores what follows; a stream broken mid-upload costs only this node's update.
 */
final class ResultUpload implements StreamObserver<ResultPart> {
    private static final Logger LOG = LoggerFactory.getLogger(ResultUpload.class);

    private final DefaultCoordinator c;
    private final StreamObserver<PushReply> out;
    private NodeRegistry.Node node;
    private ResultHeader header;
    private Phase phase;
    private PieceAssembler assembler;
    private boolean answered;

    ResultUpload(DefaultCoordinator c, StreamObserver<PushReply> out) {
        this.c = c;
        this.out = out;
    }

    @Override
    public void onNext(ResultPart part) {
        if (answered) {
            return;
        }
        if (header == null) {
            if (!part.hasHeader()) {
                reject("the first part of a result must be its header");
                return;
            }
            header = part.getHeader();
            try {
                node = c.authenticate(header.getSession().getNodeId(), header.getSession().getSessionToken());
            } catch (ChorusException e) {
                reject(e.getMessage());
                return;
            }
            String problem = NodeInputs.resultProblem(header);
            if (problem != null) {
                reject(problem);
                return;
            }
            try {
                phase = c.admit(node, header.getTaskId(), (int) header.getRound(), FederationService.kind(header));
            } catch (ChorusException e) {
                reject(e.getMessage());
                return;
            }
            if (phase.kind == Phase.Kind.FIT) {
                assembler = new UploadAssembler(phase.model.layout());
            } else if (phase.kind == Phase.Kind.SECAGG_MASK) {
                assembler = new MaskedAssembler(phase.maskedLength());
            }
            return;
        }
        if (!part.hasPiece() || assembler == null) {
            fail(assembler == null ? "a " + phase.kind + " result carries no tensors" : "a result has one header");
            return;
        }
        String reason = assembler.accept(part.getPiece());
        if (reason != null) {
            fail(reason);
        }
    }

    @Override
    public void onError(Throwable t) {
        if (phase != null && !answered) {
            answered = true;
            phase.drop(node.id, "disconnected mid-upload: " + t.getMessage());
        }
    }

    @Override
    public void onCompleted() {
        if (answered) {
            return;
        }
        if (phase == null) {
            reject("empty result stream");
            return;
        }
        if (assembler != null) {
            String missing = assembler.finish();
            if (missing != null) {
                fail(missing);
                return;
            }
            phase.bytesIn.addAndGet(assembler.bytes());
        }
        String reason;
        if (phase.kind.secure()) {
            phase.bytesIn.addAndGet(header.getSecagg().size());
            reason = phase.completeSecure(node.id, new SecureStage.Answer(header.getSecagg().toByteArray(),
                    assembler instanceof MaskedAssembler m ? m.values() : null, header.getNumExamples(), header.getMetricsMap()));
        } else {
            reason = phase.complete(node.id, assembler instanceof UploadAssembler u ? u.values() : null, header.getNumExamples(),
                    header.getMetricsMap());
        }
        if (reason != null) {
            reject(reason);
            return;
        }
        answered = true;
        out.onNext(PushReply.newBuilder().setAccepted(true).build());
        out.onCompleted();
    }

    /** The node's result for this phase is refused: it counts as failed for the round. */
    private void fail(String reason) {
        phase.fail(node.id, reason);
        reject(reason);
    }

    private void reject(String reason) {
        answered = true;
        LOG.info("result rejected from node {}: {}", node == null ? "?" : node.name, reason);
        out.onNext(PushReply.newBuilder().setAccepted(false).setReason(reason).build());
        out.onCompleted();
    }
}
