package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecAggWireRoundTripsTest {

    @Test
    void aWholeRoundCarriedAsBytesGivesTheSameSum() {
        // Prepare: every message of a round, encoded and decoded on the way
        SecAggConfig config = SecAggConfig.secAgg(70, UnmaskedSumEqualsPlainSumTest.ids(5), 100, 1.0, 10);
        InMemoryRound round = new InMemoryRound(config, 70);
        SecAggServer server = round.server;
        List<Integer> sizesMatch = new ArrayList<>();

        // Execute
        for (SecAggClient client : round.clients.values()) {
            server.receiveKeys((SecAggMessage.AdvertiseKeys) carry(client.advertiseKeys(), sizesMatch));
        }
        var directories = server.closeAdvertising();
        for (var e : directories.entrySet()) {
            var directory = (SecAggMessage.KeyDirectory) carry(e.getValue(), sizesMatch);
            server.receiveShares((SecAggMessage.ShareKeys) carry(round.clients.get(e.getKey()).shareKeys(directory), sizesMatch));
        }
        var forwarded = server.closeSharing();
        for (var e : forwarded.entrySet()) {
            var shares = (SecAggMessage.ForwardedShares) carry(e.getValue(), sizesMatch);
            int id = e.getKey();
            server.receiveMaskedInput((SecAggMessage.MaskedInput) carry(
                    round.clients.get(id).maskedInput(shares, round.updates.get(id), round.weights.get(id)), sizesMatch));
        }
        var requests = server.closeMasking();
        for (var e : requests.entrySet()) {
            var request = (SecAggMessage.UnmaskRequest) carry(e.getValue(), sizesMatch);
            server.receiveUnmask((SecAggMessage.UnmaskResponse) carry(round.clients.get(e.getKey()).unmask(request), sizesMatch));
        }
        AggregateResult result = server.finish();

        // Assert
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
        assertThat(sizesMatch).hasSize(7 * 5).containsOnly(1);
    }

    private static SecAggMessage carry(SecAggMessage message, List<Integer> sizesMatch) {
        byte[] bytes = SecAggWire.encode(message);
        sizesMatch.add(bytes.length == 1 + message.wireBytes() ? 1 : 0);
        return SecAggWire.decode(bytes);
    }

    @Test
    void aSetupCarriesTheWholeConfigAndAnInvalidOneIsMalformed() {
        // Prepare
        SecAggConfig config = SecAggConfig.secAggPlus(71, UnmaskedSumEqualsPlainSumTest.ids(40), 33, 0.5, 200, 99);
        SecAggMessage.Setup setup = new SecAggMessage.Setup(7, config);
        byte[] bytes = SecAggWire.encode(setup);
        byte[] zeroDimension = bytes.clone();
        int dimensionAt = 1 + 4 + 8 + 4 + 4 * 40 + 4 + 4;
        Arrays.fill(zeroDimension, dimensionAt, dimensionAt + 4, (byte) 0);

        // Execute
        SecAggMessage.Setup back = (SecAggMessage.Setup) SecAggWire.decode(bytes);

        // Assert
        assertThat(bytes).hasSize(1 + setup.wireBytes());
        assertThat(back.recipient()).isEqualTo(7);
        assertThat(back.config()).isEqualTo(config);
        assertThat(back.config().neighbours()).isLessThan(39);
        assertThatThrownBy(() -> SecAggWire.decode(zeroDimension)).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.MALFORMED_MESSAGE));
    }

    @Test
    void truncatedOrLyingBytesAreRejectedAsMalformed() {
        // Prepare
        byte[] good = SecAggWire.encode(new SecAggMessage.MaskedInput(7, 1.5, new int[] {1, 2, 3}));
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] hugeLength = good.clone();
        hugeLength[13] = 0x7f; // the array length field
        byte[] unknownTag = good.clone();
        unknownTag[0] = 99;
        byte[] trailing = Arrays.copyOf(good, good.length + 1);

        // Execute + Assert
        assertThat(((SecAggMessage.MaskedInput) SecAggWire.decode(good)).masked()).containsExactly(1, 2, 3);
        for (byte[] bad : List.of(truncated, hugeLength, unknownTag, trailing)) {
            assertThatThrownBy(() -> SecAggWire.decode(bad)).isInstanceOfSatisfying(SecAggException.class,
                    e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.MALFORMED_MESSAGE));
        }
    }
}
