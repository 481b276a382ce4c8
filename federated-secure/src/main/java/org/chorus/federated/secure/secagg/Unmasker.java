package org.chorus.federated.secure.secagg;

import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_SHARE;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.NOT_ENOUGH_SHARES;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.RECONSTRUCTION_FAILED;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.SHARE_COUNT_MISMATCH;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WEIGHT_MISMATCH;

import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.RevealedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKind;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;

/** The server's last step: check revealed shares, reconstruct secrets, strip the masks, decode. */
final class Unmasker {
    private final SecAggConfig config;
    private final NeighbourGraph graph;
    private final SecAggServer server;

    Unmasker(SecAggConfig config, NeighbourGraph graph, SecAggServer server) {
        this.config = config;
        this.graph = graph;
        this.server = server;
    }

    /** A response must answer exactly what its request asked: one seed share per survivor, one key share per dropped. */
    static void validate(UnmaskRequest request, UnmaskResponse response) {
        Set<Integer> wantSeed = new HashSet<>();
        wantSeed.add(response.sender());
        for (int v : request.survivingNeighbours()) {
            wantSeed.add(v);
        }
        Set<Integer> wantKey = new HashSet<>();
        for (int v : request.droppedNeighbours()) {
            wantKey.add(v);
        }
        int expected = wantSeed.size() + wantKey.size();
        if (response.shares().size() != expected) {
            throw new SecAggException(SHARE_COUNT_MISMATCH, "client " + response.sender() + " revealed "
                    + response.shares().size() + " shares, " + expected + " were asked for");
        }
        for (RevealedShare share : response.shares()) {
            Set<Integer> wanted = share.kind() == ShareKind.SELF_MASK_SEED ? wantSeed : wantKey;
            if (!wanted.remove(share.owner())) {
                throw new SecAggException(SHARE_COUNT_MISMATCH, "client " + response.sender() + " revealed an unrequested "
                        + share.kind() + " share of " + share.owner());
            }
            Shamir.decode(share.share()); // size and field range
        }
    }

    AggregateResult unmask() {
        Map<Long, List<long[]>> sharesOf = new HashMap<>();
        Map<Long, List<Integer>> pointsOf = new HashMap<>();
        for (UnmaskResponse response : server.responses.values()) {
            for (RevealedShare share : response.shares()) {
                long slot = slot(share.owner(), share.kind());
                sharesOf.computeIfAbsent(slot, s -> new ArrayList<>()).add(Shamir.decode(share.share()));
                pointsOf.computeIfAbsent(slot, s -> new ArrayList<>()).add(response.sender());
            }
        }
        int[] sum = new int[config.dimension() + 1];
        double declared = 0;
        for (MaskedInput input : server.inputs.values()) {
            int[] masked = input.masked();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += masked[i];
            }
            declared += input.declaredWeight();
        }
        for (int u : server.inputs.keySet()) {
            byte[] seed = reconstruct(u, ShareKind.SELF_MASK_SEED, sharesOf, pointsOf);
            if (!MessageDigest.isEqual(MaskSeeds.commitment(config.roundId(), seed), server.shares.get(u).seedCommitment())) {
                throw new SecAggException(RECONSTRUCTION_FAILED, "self-mask seed of client " + u + " does not match its commitment");
            }
            MaskPrg.apply(sum, MaskSeeds.selfSeed(config.roundId(), seed), -1);
        }
        for (int v : server.shares.keySet()) {
            if (server.inputs.containsKey(v)) {
                continue;
            }
            List<Integer> survivingNeighbours = new ArrayList<>();
            for (int w : graph.of(v)) {
                if (server.inputs.containsKey(w)) {
                    survivingNeighbours.add(w);
                }
            }
            if (survivingNeighbours.isEmpty()) {
                continue;
            }
            byte[] scalar = reconstruct(v, ShareKind.MASK_PRIVATE_KEY, sharesOf, pointsOf);
            if (!MessageDigest.isEqual(MaskSeeds.publicOf(scalar), server.keys.get(v).maskKey())) {
                throw new SecAggException(RECONSTRUCTION_FAILED, "mask key of dropped client " + v + " does not match its public key");
            }
            PrivateKey key = X25519.privateKey(scalar);
            for (int w : survivingNeighbours) {
                byte[] seed = MaskSeeds.pairSeed(config.roundId(), key, server.keys.get(w).maskKey(), v, w);
                MaskPrg.apply(sum, seed, -MaskSeeds.pairSign(w, v)); // w added pairSign(w, v)·mask
            }
        }
        Quantizer quantizer = config.quantizer();
        float[] weightedSum = new float[config.dimension()];
        double totalWeight = quantizer.decode(sum, weightedSum);
        int contributors = server.inputs.size();
        if (Math.abs(totalWeight - declared) > quantizer.weightTolerance(contributors) + 1e-9 * config.maxWeight()) {
            throw new SecAggException(WEIGHT_MISMATCH, "declared weights sum to " + declared + ", the masked weights to "
                    + totalWeight + ": a client lied about its weight");
        }
        int[] ids = server.inputs.keySet().stream().mapToInt(Integer::intValue).toArray();
        return new AggregateResult(weightedSum, totalWeight, ids);
    }

    private byte[] reconstruct(int owner, ShareKind kind, Map<Long, List<long[]>> sharesOf, Map<Long, List<Integer>> pointsOf) {
        long slot = slot(owner, kind);
        List<long[]> shares = sharesOf.getOrDefault(slot, List.of());
        List<Integer> points = pointsOf.getOrDefault(slot, List.of());
        int t = config.threshold();
        if (shares.size() < t) {
            throw new SecAggException(NOT_ENOUGH_SHARES, shares.size() + " of " + t + " shares of the " + kind
                    + " of client " + owner + " came back; round aborted");
        }
        int[] xs = new int[t];
        long[][] ys = new long[t][];
        for (int i = 0; i < t; i++) {
            xs[i] = points.get(i);
            ys[i] = shares.get(i);
        }
        try {
            return Shamir.combine(xs, ys);
        } catch (SecAggException e) {
            if (e.reason() == MALFORMED_SHARE) {
                throw e;
            }
            throw new SecAggException(RECONSTRUCTION_FAILED, "shares of the " + kind + " of client " + owner + " are inconsistent", e);
        }
    }

    private static long slot(int owner, ShareKind kind) {
        return ((long) owner << 1) | kind.ordinal();
    }
}
