package org.chorus.federated.secure.secagg;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.chorus.federated.secure.secagg.SecAggMessage.ForwardedShares;
import org.chorus.federated.secure.secagg.SecAggMessage.KeyDirectory;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;

/**
 * Drives one round between a server and clients in memory, stage by stage, with clients that go silent at a
 * chosen stage. Tests step through it and may tamper with messages between steps. Counts bytes per client.
 */
final class InMemoryRound {
    final SecAggConfig config;
    final SecAggServer server;
    final Map<Integer, SecAggClient> clients = new HashMap<>();
    final Map<Integer, float[]> updates = new HashMap<>();
    final Map<Integer, Double> weights = new HashMap<>();
    final Map<Integer, Long> bytesSent = new HashMap<>();
    final Map<Integer, Long> bytesReceived = new HashMap<>();
    final Set<Integer> silentFromKeys = new HashSet<>();
    final Set<Integer> silentFromShares = new HashSet<>();
    final Set<Integer> silentFromInput = new HashSet<>();
    final Set<Integer> silentFromUnmask = new HashSet<>();
    Map<Integer, KeyDirectory> directories;
    final Map<Integer, ShareKeys> shareMessages = new HashMap<>();
    Map<Integer, ForwardedShares> forwarded;
    final Map<Integer, MaskedInput> maskedInputs = new HashMap<>();
    Map<Integer, UnmaskRequest> unmaskRequests;

    InMemoryRound(SecAggConfig config, long dataSeed) {
        this.config = config;
        this.server = SecAggServer.create(config);
        SplittableRandom random = new SplittableRandom(dataSeed);
        for (int id : config.clientIds()) {
            clients.put(id, SecAggClient.create(config, id));
            float[] update = new float[config.dimension()];
            for (int i = 0; i < update.length; i++) {
                update[i] = (float) (random.nextDouble(-1, 1) * config.clipRange());
            }
            updates.put(id, update);
            weights.put(id, Math.min(config.maxWeight(), Math.ceil(random.nextDouble() * config.maxWeight())));
        }
    }

    InMemoryRound advertise() {
        for (SecAggClient client : clients.values()) {
            if (!silentFromKeys.contains(client.id())) {
                var message = client.advertiseKeys();
                sent(client.id(), message.wireBytes());
                server.receiveKeys(message);
            }
        }
        directories = server.closeAdvertising();
        directories.forEach((id, m) -> received(id, m.wireBytes()));
        return this;
    }

    InMemoryRound share() {
        directories.forEach((id, directory) -> {
            if (!silentFromShares.contains(id)) {
                ShareKeys message = clients.get(id).shareKeys(directory);
                shareMessages.put(id, message);
                sent(id, message.wireBytes());
            }
        });
        shareMessages.values().forEach(server::receiveShares);
        forwarded = server.closeSharing();
        forwarded.forEach((id, m) -> received(id, m.wireBytes()));
        return this;
    }

    InMemoryRound mask() {
        forwarded.forEach((id, shares) -> {
            if (!silentFromInput.contains(id)) {
                MaskedInput message = clients.get(id).maskedInput(shares, updates.get(id), weights.get(id));
                maskedInputs.put(id, message);
                sent(id, message.wireBytes());
            }
        });
        maskedInputs.values().forEach(server::receiveMaskedInput);
        unmaskRequests = server.closeMasking();
        unmaskRequests.forEach((id, m) -> received(id, m.wireBytes()));
        return this;
    }

    InMemoryRound unmask() {
        unmaskRequests.forEach((id, request) -> {
            if (!silentFromUnmask.contains(id)) {
                var message = clients.get(id).unmask(request);
                sent(id, message.wireBytes());
                server.receiveUnmask(message);
            }
        });
        return this;
    }

    AggregateResult run() {
        return advertise().share().mask().unmask().server.finish();
    }

    /** Σ w·clip(x) over {@code ids}, in double precision. */
    double[] plainWeightedSum(Iterable<Integer> ids) {
        double[] sum = new double[config.dimension()];
        for (int id : ids) {
            float[] update = updates.get(id);
            double w = weights.get(id);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += w * Math.max(-config.clipRange(), Math.min(config.clipRange(), update[i]));
            }
        }
        return sum;
    }

    private void sent(int id, long bytes) {
        bytesSent.merge(id, bytes, Long::sum);
    }

    private void received(int id, long bytes) {
        bytesReceived.merge(id, bytes, Long::sum);
    }
}
