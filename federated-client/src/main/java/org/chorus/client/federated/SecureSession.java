package org.chorus.client.federated;

import java.util.List;
import java.util.Map;
import org.chorus.federated.proto.v1.Instruction;
import org.chorus.federated.secure.secagg.SecAggClient;
import org.chorus.federated.secure.secagg.SecAggConfig;
import org.chorus.federated.secure.secagg.SecAggException;
import org.chorus.federated.secure.secagg.SecAggMessage;
import org.chorus.federated.secure.secagg.SecAggWire;

/**
 * This node's side of one secure-aggregation round attempt, kept between its four instructions. The update never
 * leaves the node unmasked: {@link #mask} turns the trained weights into the masked weight·delta right here. Any
 * inconsistency throws {@link SecAggException} and the node drops out of the attempt.
 */
final class SecureSession {
    private final String taskId;
    private final long round;
    private final SecAggConfig config;
    private final SecAggClient client;

    private SecureSession(String taskId, long round, SecAggConfig config, SecAggClient client) {
        this.taskId = taskId;
        this.round = round;
        this.config = config;
        this.client = client;
    }

    /** Starts a session from a SECAGG_SETUP instruction; any earlier attempt's state is simply dropped. */
    static SecureSession setup(Instruction in) {
        SecAggMessage.Setup setup = decode(in, SecAggMessage.Setup.class);
        return new SecureSession(in.getTaskId(), in.getRound(), setup.config(), SecAggClient.create(setup.config(), setup.recipient()));
    }

    boolean isFor(Instruction in) {
        return taskId.equals(in.getTaskId()) && round == in.getRound();
    }

    byte[] advertise() {
        return SecAggWire.encode(client.advertiseKeys());
    }

    byte[] share(Instruction in) {
        return SecAggWire.encode(client.shareKeys(decode(in, SecAggMessage.KeyDirectory.class)));
    }

    /** The weight this node declares: its example count, capped at the round's bound. */
    long weight(long numExamples) {
        return Math.min(numExamples, (long) Math.floor(config.maxWeight()));
    }

    /**
     * What the node appends to its delta when the instruction asks for adaptive clipping's bit under secure
     * aggregation ({@code dp_mask_unclipped}): R if its delta was within the clip norm, else 0 (R quantizes exactly,
     * so the coordinator reads the count as the sum ÷ R). Nothing otherwise.
     */
    float[] appended(Config instruction, Map<String, Double> metrics) {
        if (!"true".equals(instruction.getString("dp_mask_unclipped", "false"))) {
            return new float[0];
        }
        Double bit = metrics.get(ClientPrivacy.UNCLIPPED);
        if (bit == null) {
            throw new IllegalStateException("dp_mask_unclipped needs dp_mode=clip, which reports whether the delta was clipped");
        }
        return new float[] {(float) (bit * config.clipRange())};
    }

    /** Masks weight·(trained − global, then {@code appended}), clipped by the quantizer; the result is all that leaves the node. */
    int[] mask(Instruction in, List<NamedTensor> global, List<NamedTensor> trained, long weight, float[] appended) {
        float[] delta = new float[config.dimension()];
        int at = 0;
        for (int t = 0; t < global.size(); t++) {
            float[] g = global.get(t).values();
            float[] w = trained.get(t).values();
            if (w.length != g.length || at + g.length > delta.length) {
                throw new IllegalStateException("the trained model does not have the global model's shapes or the round's dimension");
            }
            for (int i = 0; i < g.length; i++) {
                delta[at++] = w[i] - g[i];
            }
        }
        if (at + appended.length != delta.length || trained.size() != global.size()) {
            throw new IllegalStateException("the model has " + at + " values (+ " + appended.length + ") but the round aggregates " + delta.length);
        }
        System.arraycopy(appended, 0, delta, at, appended.length);
        return client.maskedInput(decode(in, SecAggMessage.ForwardedShares.class), delta, weight).masked();
    }

    byte[] unmask(Instruction in) {
        return SecAggWire.encode(client.unmask(decode(in, SecAggMessage.UnmaskRequest.class)));
    }

    private static <T extends SecAggMessage> T decode(Instruction in, Class<T> type) {
        SecAggMessage message = SecAggWire.decode(in.getSecagg().toByteArray());
        if (!type.isInstance(message)) {
            throw new SecAggException(SecAggException.Reason.WRONG_STAGE, in.getKind() + " carries a " + message.getClass().getSimpleName());
        }
        return type.cast(message);
    }
}
