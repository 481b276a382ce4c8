package org.chorus.federated.secure.secagg;

import static org.chorus.federated.secure.secagg.SecAggException.Reason.INCONSISTENT_REQUEST;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_KEY;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_SHARE;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.TOO_FEW_CLIENTS;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.UNKNOWN_CLIENT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_STAGE;

import java.security.KeyPair;
import java.security.SecureRandom;
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
import org.chorus.federated.secure.secagg.SecAggMessage.RevealedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKind;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;

/**
 * One client's side of a round, as a state machine: each method takes the server's message of the previous stage
 * and returns this client's message for the next, or throws {@link SecAggException} (the client then drops out).
 * Calling a stage twice or out of order is refused. Not thread-safe; one instance per client per round.
 */
public final class SecAggClient {
    private enum Stage { NEW, ADVERTISED, SHARED, MASKED, DONE }

    private final SecAggConfig config;
    private final int id;
    private final int[] neighbours;
    private final SecureRandom random;
    private Stage stage = Stage.NEW;
    private KeyPair channelPair;
    private KeyPair maskPair;
    private byte[] seedSecret;
    private ShareCipher.Opened ownShare;
    private final Map<Integer, PeerKeys> peers = new TreeMap<>();
    private final Map<Integer, byte[]> channelKeys = new TreeMap<>();
    private final Map<Integer, ShareCipher.Opened> held = new TreeMap<>();

    private SecAggClient(SecAggConfig config, int id, SecureRandom random) {
        this.config = config;
        this.id = id;
        this.neighbours = config.graph().of(id);
        this.random = random;
        if (neighbours.length == 0) {
            throw new SecAggException(UNKNOWN_CLIENT, "client " + id + " is not part of round " + config.roundId());
        }
    }

    public static SecAggClient create(SecAggConfig config, int id) {
        return new SecAggClient(config, id, new SecureRandom());
    }

    public static SecAggClient create(SecAggConfig config, int id, SecureRandom random) {
        return new SecAggClient(config, id, random);
    }

    public int id() {
        return id;
    }

    /** Stage 0: fresh key pairs for this round. */
    public AdvertiseKeys advertiseKeys() {
        expect(Stage.NEW, Stage.ADVERTISED);
        channelPair = X25519.generate();
        maskPair = X25519.generate();
        return new AdvertiseKeys(id, X25519.publicBytes(channelPair), X25519.publicBytes(maskPair));
    }

    /** Stage 1: share the self-mask seed and the mask private key among the neighbours that advertised. */
    public ShareKeys shareKeys(KeyDirectory directory) {
        expect(Stage.ADVERTISED, Stage.SHARED);
        if (directory.recipient() != id) {
            throw new SecAggException(UNKNOWN_CLIENT, "key directory addressed to " + directory.recipient());
        }
        Set<String> keysSeen = new HashSet<>();
        keysSeen.add(Arrays.toString(X25519.publicBytes(channelPair)));
        keysSeen.add(Arrays.toString(X25519.publicBytes(maskPair)));
        for (PeerKeys peer : directory.peers()) {
            if (Arrays.binarySearch(neighbours, peer.id()) < 0 || peers.containsKey(peer.id())) {
                throw new SecAggException(UNKNOWN_CLIENT, "client " + peer.id() + " is not a neighbour of " + id + " or listed twice");
            }
            if (!keysSeen.add(Arrays.toString(peer.channelKey())) || !keysSeen.add(Arrays.toString(peer.maskKey()))) {
                throw new SecAggException(MALFORMED_KEY, "client " + peer.id() + " reuses a public key");
            }
            X25519.checkPublic(peer.maskKey()); // validate now, use later
            peers.put(peer.id(), peer);
            channelKeys.put(peer.id(), ShareCipher.key(config.roundId(), X25519.agree(channelPair.getPrivate(), peer.channelKey())));
        }
        if (peers.size() + 1 < config.threshold()) {
            throw new SecAggException(TOO_FEW_CLIENTS, peers.size() + " neighbours advertised keys, threshold is " + config.threshold());
        }
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        seedSecret = seed;
        // Holders: the neighbours that advertised, then this client itself (last), as in Bonawitz et al.
        int[] holders = new int[peers.size() + 1];
        int next = 0;
        for (int peer : peers.keySet()) {
            holders[next++] = peer;
        }
        holders[next] = id;
        long[][] seedShares = Shamir.split(seed, holders, config.threshold(), random);
        long[][] keyShares = Shamir.split(X25519.privateBytes(maskPair), holders, config.threshold(), random);
        ownShare = new ShareCipher.Opened(Shamir.encode(seedShares[next]), Shamir.encode(keyShares[next]));
        List<EncryptedShare> shares = new ArrayList<>(peers.size());
        for (int h = 0; h < next; h++) {
            byte[] ciphertext = ShareCipher.seal(channelKeys.get(holders[h]), config.roundId(), id, holders[h],
                    Shamir.encode(seedShares[h]), Shamir.encode(keyShares[h]), random);
            shares.add(new EncryptedShare(id, holders[h], ciphertext));
        }
        return new ShareKeys(id, MaskSeeds.commitment(config.roundId(), seed), shares);
    }

    /**
     * Stage 2: decrypt the neighbours' shares, then send weight·update (clipped, quantized) and the weight, masked
     * by the self mask and one pair mask per neighbour that sent a share.
     */
    public MaskedInput maskedInput(ForwardedShares forwarded, float[] update, double weight) {
        expect(Stage.SHARED, Stage.MASKED);
        if (forwarded.recipient() != id) {
            throw new SecAggException(UNKNOWN_CLIENT, "shares addressed to " + forwarded.recipient());
        }
        for (EncryptedShare share : forwarded.shares()) {
            byte[] key = channelKeys.get(share.from());
            if (key == null || share.to() != id || held.containsKey(share.from())) {
                throw new SecAggException(MALFORMED_SHARE, "unexpected share from " + share.from() + " to " + share.to());
            }
            held.put(share.from(), ShareCipher.open(key, config.roundId(), share.from(), id, share.ciphertext()));
        }
        if (held.size() + 1 < config.threshold()) {
            throw new SecAggException(TOO_FEW_CLIENTS, (held.size() + 1) + " clients left in the neighbourhood of " + id);
        }
        int[] masked = new int[config.dimension() + 1];
        config.quantizer().encode(update, weight, masked);
        MaskPrg.apply(masked, MaskSeeds.selfSeed(config.roundId(), seedSecret), 1);
        for (int peer : held.keySet()) {
            byte[] seed = MaskSeeds.pairSeed(config.roundId(), maskPair.getPrivate(), peers.get(peer).maskKey(), id, peer);
            MaskPrg.apply(masked, seed, MaskSeeds.pairSign(id, peer));
        }
        return new MaskedInput(id, weight, masked);
    }

    /**
     * Stage 3: reveal the seed share of itself and of each surviving neighbour, and the key share of each dropped one. Refuses a
     * request that names a peer as both, names this client as dropped, or claims fewer survivors than the threshold.
     */
    public UnmaskResponse unmask(UnmaskRequest request) {
        expect(Stage.MASKED, Stage.DONE);
        if (request.recipient() != id) {
            throw new SecAggException(UNKNOWN_CLIENT, "unmask request addressed to " + request.recipient());
        }
        if (request.survivorCount() < config.threshold()) {
            throw new SecAggException(INCONSISTENT_REQUEST, request.survivorCount() + " survivors, threshold is " + config.threshold());
        }
        Set<Integer> surviving = new HashSet<>();
        for (int v : request.survivingNeighbours()) {
            surviving.add(v);
        }
        List<RevealedShare> shares = new ArrayList<>();
        shares.add(new RevealedShare(id, ShareKind.SELF_MASK_SEED, ownShare.seedShare()));
        for (int v : request.droppedNeighbours()) {
            if (v == id || surviving.contains(v)) {
                throw new SecAggException(INCONSISTENT_REQUEST, "client " + v + " listed as dropped and surviving");
            }
            ShareCipher.Opened opened = held.get(v);
            if (opened == null) {
                throw new SecAggException(INCONSISTENT_REQUEST, "no share held for dropped client " + v);
            }
            shares.add(new RevealedShare(v, ShareKind.MASK_PRIVATE_KEY, opened.keyShare()));
        }
        for (int v : surviving) {
            ShareCipher.Opened opened = held.get(v);
            if (opened == null) {
                throw new SecAggException(INCONSISTENT_REQUEST, "no share held for surviving client " + v);
            }
            shares.add(new RevealedShare(v, ShareKind.SELF_MASK_SEED, opened.seedShare()));
        }
        return new UnmaskResponse(id, shares);
    }

    private void expect(Stage current, Stage next) {
        if (stage != current) {
            throw new SecAggException(WRONG_STAGE, "client " + id + " is at " + stage + ", not " + current);
        }
        stage = next;
    }
}
