package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.INCONSISTENT_REQUEST;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_KEY;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_SHARE;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.REPLAYED_INPUT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.SHARE_COUNT_MISMATCH;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.UNKNOWN_CLIENT;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WEIGHT_MISMATCH;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WEIGHT_OUT_OF_BOUND;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_DIMENSION;
import static org.chorus.federated.secure.secagg.SecAggException.Reason.WRONG_STAGE;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.chorus.federated.secure.secagg.SecAggMessage.AdvertiseKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.EncryptedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ForwardedShares;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.RevealedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;
import org.junit.jupiter.api.Test;

class RejectsBadInputTest {
    private static final int[] IDS = UnmaskedSumEqualsPlainSumTest.ids(6); // 7, 14, ..., 42; t = 4

    private static InMemoryRound round(long seed) {
        return new InMemoryRound(SecAggConfig.secAgg(50 + seed, IDS, 64, 1.0, 10), seed);
    }

    private static void assertRejected(ThrowingCallable call, SecAggException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SecAggException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void malformedOrReusedPublicKeysAreRejected() {
        // Prepare
        InMemoryRound round = round(1);
        AdvertiseKeys honest = round.clients.get(7).advertiseKeys();
        round.server.receiveKeys(honest);

        // Execute + Assert
        assertRejected(() -> round.server.receiveKeys(new AdvertiseKeys(14, new byte[31], honest.maskKey())), MALFORMED_KEY);
        assertRejected(() -> round.server.receiveKeys(new AdvertiseKeys(14, honest.channelKey(), honest.channelKey())), MALFORMED_KEY);
        byte[] smallOrder = new byte[32];
        smallOrder[0] = 1; // u = 1 has order 4 on Curve25519
        assertRejected(() -> round.server.receiveKeys(new AdvertiseKeys(14, smallOrder, new byte[32])), MALFORMED_KEY);
        AdvertiseKeys fresh = round.clients.get(14).advertiseKeys();
        round.server.receiveKeys(fresh); // a rejected message does not block the client's honest one
        assertRejected(() -> round.server.receiveKeys(new AdvertiseKeys(999, honest.channelKey(), honest.maskKey())), UNKNOWN_CLIENT);
        assertRejected(() -> round.server.receiveKeys(honest), WRONG_STAGE);
    }

    @Test
    void aShareCountThatDoesNotMatchTheNeighbourhoodIsRejectedAndTheRoundGoesOn() {
        // Prepare
        InMemoryRound round = round(2).advertise();
        ShareKeys honest = round.clients.get(7).shareKeys(round.directories.get(7));
        ShareKeys shortOne = new ShareKeys(7, honest.seedCommitment(), honest.shares().subList(0, honest.shares().size() - 1));
        List<EncryptedShare> doubled = new ArrayList<>(honest.shares());
        doubled.set(0, doubled.get(1));
        ShareKeys twice = new ShareKeys(7, honest.seedCommitment(), doubled);

        // Execute + Assert
        assertRejected(() -> round.server.receiveShares(shortOne), SHARE_COUNT_MISMATCH);
        assertRejected(() -> round.server.receiveShares(twice), SHARE_COUNT_MISMATCH);

        // Execute: the rejected client counts as dropped, the others finish
        round.shareMessages.clear();
        round.silentFromShares.add(7);
        AggregateResult result = round.share().mask().unmask().server.finish();

        // Assert
        assertThat(result.contributors()).doesNotContain(7).hasSize(5);
        UnmaskedSumEqualsPlainSumTest.assertSumMatches(round, result);
    }

    @Test
    void aTamperedEncryptedShareFailsAuthenticationAtTheRecipient() {
        // Prepare
        InMemoryRound round = round(3).advertise().share();
        ForwardedShares inbox = round.forwarded.get(14);
        List<EncryptedShare> tampered = new ArrayList<>(inbox.shares());
        byte[] ciphertext = tampered.get(0).ciphertext().clone();
        ciphertext[20] ^= 1;
        tampered.set(0, new EncryptedShare(tampered.get(0).from(), 14, ciphertext));

        // Execute + Assert
        assertRejected(() -> round.clients.get(14).maskedInput(new ForwardedShares(14, tampered), new float[64], 1), MALFORMED_SHARE);
    }

    @Test
    void aShareRedirectedToAnotherClientFailsAuthentication() {
        // Prepare: the server hands 21 a share that 7 encrypted for 14
        InMemoryRound round = round(4).advertise().share();
        EncryptedShare for14 = round.shareMessages.get(7).shares().stream().filter(s -> s.to() == 14).findFirst().orElseThrow();
        List<EncryptedShare> inbox = new ArrayList<>(round.forwarded.get(21).shares());
        inbox.removeIf(s -> s.from() == 7);
        inbox.add(new EncryptedShare(7, 21, for14.ciphertext()));

        // Execute + Assert
        assertRejected(() -> round.clients.get(21).maskedInput(new ForwardedShares(21, inbox), new float[64], 1), MALFORMED_SHARE);
    }

    @Test
    void aClientReplayingAnotherClientsMaskedInputIsRejected() {
        // Prepare
        InMemoryRound round = round(5).advertise().share();
        MaskedInput honest = round.clients.get(7).maskedInput(round.forwarded.get(7), round.updates.get(7), 1);
        round.server.receiveMaskedInput(honest);

        // Execute + Assert
        assertRejected(() -> round.server.receiveMaskedInput(new MaskedInput(14, 1, honest.masked().clone())), REPLAYED_INPUT);
        assertRejected(() -> round.server.receiveMaskedInput(new MaskedInput(21, 1, new int[10])), WRONG_DIMENSION);
    }

    @Test
    void aDeclaredWeightBeyondTheBoundIsRejectedOnBothSides() {
        // Prepare
        InMemoryRound round = round(6).advertise().share();
        MaskedInput honest = round.clients.get(7).maskedInput(round.forwarded.get(7), round.updates.get(7), 5);

        // Execute + Assert
        assertRejected(() -> round.server.receiveMaskedInput(new MaskedInput(7, 11, honest.masked())), WEIGHT_OUT_OF_BOUND);
        assertRejected(() -> round.clients.get(14).maskedInput(round.forwarded.get(14), round.updates.get(14), 11), WEIGHT_OUT_OF_BOUND);
    }

    @Test
    void aClientWhoseMaskedWeightDisagreesWithItsDeclaredWeightAbortsTheRound() {
        // Prepare: client 7 masks weight 9 but declares weight 1
        InMemoryRound round = round(7).advertise().share();
        round.weights.put(7, 9.0);
        round.silentFromInput.add(7);
        MaskedInput lying = round.clients.get(7).maskedInput(round.forwarded.get(7), round.updates.get(7), 9);
        round.server.receiveMaskedInput(new MaskedInput(7, 1, lying.masked()));
        round.mask().unmask();

        // Execute + Assert
        assertThatThrownBy(round.server::finish).isInstanceOfSatisfying(SecAggException.class, e -> {
            assertThat(e.reason()).isEqualTo(WEIGHT_MISMATCH);
            assertThat(e.reason().abortsRound()).isTrue();
        });
    }

    @Test
    void aClientRefusesToRevealBothSecretsOfOnePeer() {
        // Prepare
        InMemoryRound round = round(8).advertise().share().mask();
        UnmaskRequest honest = round.unmaskRequests.get(7);
        UnmaskRequest greedy = new UnmaskRequest(7, honest.survivorCount(), honest.survivingNeighbours(), new int[] {14});

        // Execute + Assert
        assertRejected(() -> round.clients.get(7).unmask(greedy), INCONSISTENT_REQUEST);
    }

    @Test
    void aClientRefusesAnUnmaskRequestClaimingFewerSurvivorsThanTheThreshold() {
        // Prepare
        InMemoryRound round = round(9).advertise().share().mask();
        UnmaskRequest honest = round.unmaskRequests.get(7);

        // Execute + Assert
        assertRejected(() -> round.clients.get(7).unmask(new UnmaskRequest(7, 3, honest.survivingNeighbours(), new int[0])),
                INCONSISTENT_REQUEST);
    }

    @Test
    void unmaskResponsesWithMalformedOrUnrequestedSharesAreRejected() {
        // Prepare
        InMemoryRound round = round(10).advertise().share().mask();
        UnmaskResponse honest = round.clients.get(7).unmask(round.unmaskRequests.get(7));
        List<RevealedShare> malformed = new ArrayList<>(honest.shares());
        malformed.set(0, new RevealedShare(malformed.get(0).owner(), malformed.get(0).kind(), new byte[7]));
        List<RevealedShare> unrequested = new ArrayList<>(honest.shares());
        unrequested.set(0, new RevealedShare(unrequested.get(0).owner(), SecAggMessage.ShareKind.MASK_PRIVATE_KEY,
                unrequested.get(0).share()));

        // Execute + Assert
        assertRejected(() -> round.server.receiveUnmask(new UnmaskResponse(7, malformed)), MALFORMED_SHARE);
        assertRejected(() -> round.server.receiveUnmask(new UnmaskResponse(7, unrequested)), SHARE_COUNT_MISMATCH);
        assertRejected(() -> round.server.receiveUnmask(new UnmaskResponse(7, honest.shares().subList(1, honest.shares().size()))),
                SHARE_COUNT_MISMATCH);
    }

    @Test
    void aCorruptedButWellFormedShareIsCaughtByTheSeedCommitment() {
        // Prepare: client 7 flips a bit in every seed share it reveals
        InMemoryRound round = round(11).advertise().share().mask();
        round.silentFromUnmask.add(7);
        UnmaskResponse honest = round.clients.get(7).unmask(round.unmaskRequests.get(7));
        List<RevealedShare> corrupted = new ArrayList<>();
        for (RevealedShare share : honest.shares()) {
            byte[] bytes = share.share().clone();
            bytes[0] ^= 1;
            corrupted.add(new RevealedShare(share.owner(), share.kind(), bytes));
        }
        round.server.receiveUnmask(new UnmaskResponse(7, corrupted));
        round.unmask();

        // Execute + Assert
        assertThatThrownBy(round.server::finish).isInstanceOfSatisfying(SecAggException.class,
                e -> assertThat(e.reason()).isEqualTo(SecAggException.Reason.RECONSTRUCTION_FAILED));
    }

    @Test
    void stagesRunOnlyInOrderOnBothSides() {
        // Prepare
        InMemoryRound round = round(12);
        SecAggClient client = round.clients.get(7);

        // Execute + Assert
        assertRejected(() -> client.unmask(new UnmaskRequest(7, 6, new int[0], new int[0])), WRONG_STAGE);
        assertRejected(round.server::closeSharing, WRONG_STAGE);
        client.advertiseKeys();
        assertRejected(client::advertiseKeys, WRONG_STAGE);
    }
}
