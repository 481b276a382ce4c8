package org.chorus.federated.secure.secagg;

import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_KEY;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_SHARE;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.REPLAYED_INPUT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.SHARE_COUNT_MISMATCH;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.TOO_FEW_CLIENTS;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.UNKNOWN_CLIENT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WEIGHT_OUT_OF_BOUND;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_DIMENSION;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_STAGE;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chorus.federated.secure.secagg.SecAggMessage.AdvertiseKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.EncryptedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ForwardedShares;
import org.chorus.federated.secure.secagg.SecAggMessage.KeyDirectory;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.PeerKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;

/**
 * The server's side of a round. {@code receive*} methods take one client's message of the current stage; a
 * rejected message throws {@link SecAggException} and leaves that client out (it counts as dropped) without
 * disturbing the round. {@code close*} methods end a stage when the transport's deadline passes and return the
 * messages for the next; fewer than threshold clients at any stage aborts the round ({@code TOO_FEW_CLIENTS})
 * before anything is unmasked. Not thread-safe: the round loop serialises calls.
 */
public final class SecAggServer {
    enum Stage { ADVERTISING, SHARING, MASKING, UNMASKING, DONE, ABORTED }

    private final SecAggConfig config;
    private final NeighbourGraph graph;
    private Stage stage = Stage.ADVERTISING;
    final Map<Integer, AdvertiseKeys> keys = new TreeMap<>();
    private final Set<String> keysSeen = new HashSet<>();
    final Map<Integer, ShareKeys> shares = new TreeMap<>();
    final Map<Integer, MaskedInput> inputs = new TreeMap<>();
    private final Set<ByteBuffer> inputDigests = new HashSet<>();
    final Map<Integer, UnmaskRequest> requests = new TreeMap<>();
    final Map<Integer, UnmaskResponse> responses = new TreeMap<>();

    private SecAggServer(SecAggConfig config) {
        this.config = config;
        this.graph = config.graph();
    }

    public static SecAggServer create(SecAggConfig config) {
        return new SecAggServer(config);
    }

    public SecAggConfig config() {
        return config;
    }

    public void receiveKeys(AdvertiseKeys message) {
        int sender = admit(Stage.ADVERTISING, message.sender(), null, keys);
        // Small-order points are rejected here, before they reach (and abort) the neighbours.
        X25519.checkPublic(message.channelKey());
        X25519.checkPublic(message.maskKey());
        String channel = Arrays.toString(message.channelKey());
        String mask = Arrays.toString(message.maskKey());
        if (channel.equals(mask) || keysSeen.contains(channel) || keysSeen.contains(mask)) {
            throw new SecAggException(MALFORMED_KEY, "client " + sender + " advertised a public key already in use");
        }
        keysSeen.add(channel);
        keysSeen.add(mask);
        keys.put(sender, message);
    }

    /** Ends stage 0: each client that advertised gets its advertised neighbours' keys. */
    public Map<Integer, KeyDirectory> closeAdvertising() {
        advance(Stage.ADVERTISING, Stage.SHARING, keys.keySet());
        Map<Integer, KeyDirectory> out = new TreeMap<>();
        for (int u : keys.keySet()) {
            List<PeerKeys> peers = new ArrayList<>();
            for (int v : advertisedNeighbours(u)) {
                AdvertiseKeys k = keys.get(v);
                peers.add(new PeerKeys(v, k.channelKey(), k.maskKey()));
            }
            out.put(u, new KeyDirectory(u, peers));
        }
        return out;
    }

    public void receiveShares(ShareKeys message) {
        int sender = admit(Stage.SHARING, message.sender(), keys.keySet(), shares);
        int[] expected = advertisedNeighbours(sender);
        if (message.shares().size() != expected.length) {
            throw new SecAggException(SHARE_COUNT_MISMATCH, "client " + sender + " sent " + message.shares().size()
                    + " shares for " + expected.length + " neighbours");
        }
        Set<Integer> recipients = new HashSet<>();
        for (EncryptedShare share : message.shares()) {
            if (share.from() != sender || Arrays.binarySearch(expected, share.to()) < 0 || !recipients.add(share.to())) {
                throw new SecAggException(SHARE_COUNT_MISMATCH, "client " + sender + " addressed a share to " + share.to()
                        + " (not a neighbour, or twice)");
            }
            if (share.ciphertext() == null || share.ciphertext().length != ShareCipher.CIPHER_BYTES) {
                throw new SecAggException(MALFORMED_SHARE, "client " + sender + " sent a share of the wrong size");
            }
        }
        if (message.seedCommitment() == null || message.seedCommitment().length != 32) {
            throw new SecAggException(MALFORMED_SHARE, "client " + sender + " sent no seed commitment");
        }
        shares.put(sender, message);
    }

    /** Ends stage 1: each client that shared gets the shares addressed to it by others that shared. */
    public Map<Integer, ForwardedShares> closeSharing() {
        advance(Stage.SHARING, Stage.MASKING, shares.keySet());
        Map<Integer, List<EncryptedShare>> inbox = new TreeMap<>();
        for (int u : shares.keySet()) {
            inbox.put(u, new ArrayList<>());
        }
        for (ShareKeys message : shares.values()) {
            for (EncryptedShare share : message.shares()) {
                List<EncryptedShare> box = inbox.get(share.to());
                if (box != null) {
                    box.add(share);
                }
            }
        }
        Map<Integer, ForwardedShares> out = new TreeMap<>();
        inbox.forEach((u, box) -> out.put(u, new ForwardedShares(u, box)));
        return out;
    }

    public void receiveMaskedInput(MaskedInput message) {
        int sender = admit(Stage.MASKING, message.sender(), shares.keySet(), inputs);
        if (message.masked() == null || message.masked().length != config.dimension() + 1) {
            throw new SecAggException(WRONG_DIMENSION, "client " + sender + " sent " + (message.masked() == null ? 0 : message.masked().length)
                    + " coordinates, expected " + (config.dimension() + 1));
        }
        if (!(message.declaredWeight() >= 0 && message.declaredWeight() <= config.maxWeight())) {
            throw new SecAggException(WEIGHT_OUT_OF_BOUND, "client " + sender + " declared weight " + message.declaredWeight()
                    + " outside [0, " + config.maxWeight() + "]");
        }
        ByteBuffer digest = digest(message.masked());
        if (!inputDigests.add(digest)) {
            throw new SecAggException(REPLAYED_INPUT, "client " + sender + " sent a masked input identical to another client's");
        }
        inputs.put(sender, message);
    }

    /** Ends stage 2: each client whose input arrived is told which of its neighbours survived and which dropped. */
    public Map<Integer, UnmaskRequest> closeMasking() {
        advance(Stage.MASKING, Stage.UNMASKING, inputs.keySet());
        for (int u : inputs.keySet()) {
            List<Integer> surviving = new ArrayList<>();
            List<Integer> dropped = new ArrayList<>();
            for (int v : graph.of(u)) {
                if (inputs.containsKey(v)) {
                    surviving.add(v);
                } else if (shares.containsKey(v)) {
                    dropped.add(v);
                }
            }
            requests.put(u, new UnmaskRequest(u, inputs.size(), toArray(surviving), toArray(dropped)));
        }
        return new TreeMap<>(requests);
    }

    public void receiveUnmask(UnmaskResponse message) {
        int sender = admit(Stage.UNMASKING, message.sender(), inputs.keySet(), responses);
        Unmasker.validate(requests.get(sender), message);
        responses.put(sender, message);
    }

    /**
     * Ends stage 3: reconstructs the seeds of survivors and the mask keys of dropped clients from the revealed
     * shares, removes every mask and decodes. Aborts with {@code TOO_FEW_CLIENTS}, {@code NOT_ENOUGH_SHARES},
     * {@code RECONSTRUCTION_FAILED} or {@code WEIGHT_MISMATCH}.
     */
    public AggregateResult finish() {
        advance(Stage.UNMASKING, Stage.DONE, responses.keySet());
        try {
            return new Unmasker(config, graph, this).unmask();
        } catch (SecAggException e) {
            stage = Stage.ABORTED;
            throw e;
        }
    }

    int[] advertisedNeighbours(int u) {
        return Arrays.stream(graph.of(u)).filter(keys::containsKey).toArray();
    }

    private int admit(Stage expected, int sender, Set<Integer> allowed, Map<Integer, ?> received) {
        if (stage != expected) {
            throw new SecAggException(WRONG_STAGE, "round " + config.roundId() + " is at " + stage + ", message is for " + expected);
        }
        if (graph.of(sender).length == 0 || (allowed != null && !allowed.contains(sender))) {
            throw new SecAggException(UNKNOWN_CLIENT, "client " + sender + " is not part of this stage");
        }
        if (received.containsKey(sender)) {
            throw new SecAggException(WRONG_STAGE, "client " + sender + " already sent this stage's message");
        }
        return sender;
    }

    private void advance(Stage expected, Stage next, Set<Integer> survivors) {
        if (stage != expected) {
            throw new SecAggException(WRONG_STAGE, "round " + config.roundId() + " is at " + stage + ", not " + expected);
        }
        if (survivors.size() < config.threshold()) {
            stage = Stage.ABORTED;
            throw new SecAggException(TOO_FEW_CLIENTS, survivors.size() + " clients left after " + expected
                    + ", threshold is " + config.threshold() + "; round aborted, nothing unmasked");
        }
        stage = next;
    }

    private static ByteBuffer digest(int[] values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            IntBuffer ints = buffer.asIntBuffer();
            for (int start = 0; start < values.length; start += ints.capacity()) {
                int count = Math.min(ints.capacity(), values.length - start);
                ints.clear();
                ints.put(values, start, count);
                sha.update(buffer.array(), 0, count * 4);
            }
            return ByteBuffer.wrap(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
