package org.chorus.federated;

import static org.chorus.federated.secure.secagg.SecAggException.Reason.UNKNOWN_CLIENT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_STAGE;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chorus.federated.secure.secagg.AggregateResult;
import org.chorus.federated.secure.secagg.SecAggConfig;
import org.chorus.federated.secure.secagg.SecAggException;
import org.chorus.federated.secure.secagg.SecAggMessage;
import org.chorus.federated.secure.secagg.SecAggServer;
import org.chorus.federated.secure.secagg.SecAggWire;

/**
 * One secure-aggregation instance over a group of nodes (the whole cohort, or one group of a hierarchical round):
 * maps node ids to SecAgg ids 1…n, turns each stage's answers into {@link SecAggServer} calls and the server's
 * outgoing messages into instruction bytes. An abort (too few nodes left, a failed reconstruction) ends only this
 * group, before anything of it is unmasked.
 */
final class SecAggGroup {
    private final SecAggConfig config;
    private final SecAggServer server;
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final Map<Integer, String> nodes = new TreeMap<>();
    private Map<Integer, ? extends SecAggMessage> outbox;
    private SecAggException aborted;

    SecAggGroup(SecAggConfig config, List<String> members) {
        this.config = config;
        this.server = SecAggServer.create(config);
        int[] clientIds = config.clientIds();
        Map<Integer, SecAggMessage.Setup> setups = new TreeMap<>();
        for (int i = 0; i < clientIds.length; i++) {
            ids.put(members.get(i), clientIds[i]);
            nodes.put(clientIds[i], members.get(i));
            setups.put(clientIds[i], new SecAggMessage.Setup(clientIds[i], config));
        }
        outbox = setups;
    }

    SecAggConfig config() {
        return config;
    }

    /** The nodes the current stage's instruction goes to: those still in the protocol. */
    List<String> current() {
        List<String> out = new ArrayList<>();
        outbox.keySet().forEach(id -> out.add(nodes.get(id)));
        return out;
    }

    /** The node names of SecAgg ids. */
    List<String> nodes(int[] clientIds) {
        List<String> out = new ArrayList<>();
        for (int id : clientIds) {
            out.add(nodes.get(id));
        }
        return out;
    }

    boolean contains(String node) {
        return ids.containsKey(node);
    }

    byte[] instructionFor(String node) {
        SecAggMessage message = outbox.get(ids.get(node));
        if (message == null) {
            throw new IllegalStateException("node " + node + " has no message in this stage");
        }
        return SecAggWire.encode(message);
    }

    /** Takes a node's answer to {@code stage}; the node's SecAgg id is the one it was given, whatever it claims. */
    void accept(Phase.Kind stage, String node, SecureStage.Answer answer) {
        int id = ids.get(node);
        switch (stage) {
            case SECAGG_SETUP -> server.receiveKeys(decode(answer, SecAggMessage.AdvertiseKeys.class, id, SecAggMessage.AdvertiseKeys::sender));
            case SECAGG_SHARE -> server.receiveShares(decode(answer, SecAggMessage.ShareKeys.class, id, SecAggMessage.ShareKeys::sender));
            case SECAGG_MASK -> server.receiveMaskedInput(new SecAggMessage.MaskedInput(id, answer.numExamples(), answer.masked()));
            case SECAGG_UNMASK -> server.receiveUnmask(decode(answer, SecAggMessage.UnmaskResponse.class, id, SecAggMessage.UnmaskResponse::sender));
            case FIT, EVALUATE -> throw new IllegalArgumentException(stage + " is not a secure-aggregation stage");
        }
    }

    /** Ends {@code stage}: the next stage's messages, or nothing if the group aborted. Returns the abort, if any. */
    SecAggException close(Phase.Kind stage) {
        if (aborted != null) {
            return null;
        }
        try {
            outbox = switch (stage) {
                case SECAGG_SETUP -> server.closeAdvertising();
                case SECAGG_SHARE -> server.closeSharing();
                case SECAGG_MASK -> server.closeMasking();
                case SECAGG_UNMASK, FIT, EVALUATE -> throw new IllegalArgumentException(stage + " has no next stage");
            };
            return null;
        } catch (SecAggException e) {
            return abort(e);
        }
    }

    /** Unmasks the group's sum; null (and the abort recorded) when it cannot be. */
    AggregateResult finish() {
        if (aborted != null) {
            return null;
        }
        try {
            return server.finish();
        } catch (SecAggException e) {
            abort(e);
            return null;
        }
    }

    SecAggException aborted() {
        return aborted;
    }

    private SecAggException abort(SecAggException e) {
        aborted = e;
        outbox = Map.of();
        return e;
    }

    private static <T extends SecAggMessage> T decode(SecureStage.Answer answer, Class<T> type, int id,
                                                      java.util.function.ToIntFunction<T> sender) {
        SecAggMessage message = SecAggWire.decode(answer.secagg());
        if (!type.isInstance(message)) {
            throw new SecAggException(WRONG_STAGE, "expected " + type.getSimpleName() + ", got " + message.getClass().getSimpleName());
        }
        T typed = type.cast(message);
        if (sender.applyAsInt(typed) != id) {
            throw new SecAggException(UNKNOWN_CLIENT, "the node is client " + id + " but its message claims " + sender.applyAsInt(typed));
        }
        return typed;
    }
}
