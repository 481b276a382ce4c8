package org.chorus.federated.secure.secagg;

import java.util.List;

/**
 * The messages of one round, in stage order, for a transport to carry. Byte arrays are owned by the message once
 * built (records compare them by identity). {@link #wireBytes()} is the size of the message's {@link SecAggWire}
 * encoding without its 1-byte tag (ids 4 B, weights 8 B, keys 32 B, shares 40 B, arrays with a 4 B length), which
 * is what the communication benchmark counts.
 */
public sealed interface SecAggMessage {

    int wireBytes();

    /**
     * Before stage 0, server → client: the round's parameters and the recipient's id in it (a transport that
     * addresses clients by other names maps them to these ids).
     */
    record Setup(int recipient, SecAggConfig config) implements SecAggMessage {
        @Override
        public int wireBytes() {
            return 4 + 8 + 4 + 4 * config.clientCount() + 4 + 4 + 4 + 8 + 8 + 4 + 8;
        }
    }

    /** Stage 0, client → server: the two X25519 public keys (channel key for shares, mask key for pair masks). */
    record AdvertiseKeys(int sender, byte[] channelKey, byte[] maskKey) implements SecAggMessage {
        @Override
        public int wireBytes() {
            return 4 + 4 + channelKey.length + 4 + maskKey.length;
        }
    }

    /** A neighbour's advertised keys, as relayed by the server. */
    record PeerKeys(int id, byte[] channelKey, byte[] maskKey) {}

    /** Stage 0 → 1, server → client: the keys of the recipient's neighbours that advertised. */
    record KeyDirectory(int recipient, List<PeerKeys> peers) implements SecAggMessage {
        public KeyDirectory {
            peers = List.copyOf(peers);
        }

        @Override
        public int wireBytes() {
            return 4 + 4 + peers.size() * (4 + 2 * (4 + X25519.KEY_BYTES));
        }
    }

    /** One Shamir share pair (self-mask seed, mask private key) for {@code to}, AES-GCM encrypted by {@code from}. */
    record EncryptedShare(int from, int to, byte[] ciphertext) {
        static int wireBytes(List<EncryptedShare> shares) {
            int total = 4;
            for (EncryptedShare share : shares) {
                total += 4 + 4 + 4 + share.ciphertext().length;
            }
            return total;
        }
    }

    /** Stage 1, client → server: one encrypted share per neighbour, and a commitment to the self-mask seed. */
    record ShareKeys(int sender, byte[] seedCommitment, List<EncryptedShare> shares) implements SecAggMessage {
        public ShareKeys {
            shares = List.copyOf(shares);
        }

        @Override
        public int wireBytes() {
            return 4 + 4 + seedCommitment.length + EncryptedShare.wireBytes(shares);
        }
    }

    /** Stage 1 → 2, server → client: the shares other clients addressed to the recipient. */
    record ForwardedShares(int recipient, List<EncryptedShare> shares) implements SecAggMessage {
        public ForwardedShares {
            shares = List.copyOf(shares);
        }

        @Override
        public int wireBytes() {
            return 4 + EncryptedShare.wireBytes(shares);
        }
    }

    /** Stage 2, client → server: the masked encoding (update coordinates, then the weight) and the declared weight. */
    record MaskedInput(int sender, double declaredWeight, int[] masked) implements SecAggMessage {
        @Override
        public int wireBytes() {
            return 4 + 8 + 4 + 4 * masked.length;
        }
    }

    /** Stage 2 → 3, server → client: which of the recipient's neighbours survived and which dropped. */
    record UnmaskRequest(int recipient, int survivorCount, int[] survivingNeighbours, int[] droppedNeighbours)
            implements SecAggMessage {
        @Override
        public int wireBytes() {
            return 4 + 4 + 4 + 4 * survivingNeighbours.length + 4 + 4 * droppedNeighbours.length;
        }
    }

    /** Which secret a revealed share belongs to. */
    enum ShareKind { SELF_MASK_SEED, MASK_PRIVATE_KEY }

    /** A decrypted Shamir share of {@code owner}'s secret, revealed to the server. */
    record RevealedShare(int owner, ShareKind kind, byte[] share) {}

    /** Stage 3, client → server: seed shares of surviving neighbours, key shares of dropped ones — never both. */
    record UnmaskResponse(int sender, List<RevealedShare> shares) implements SecAggMessage {
        public UnmaskResponse {
            shares = List.copyOf(shares);
        }

        @Override
        public int wireBytes() {
            int total = 4 + 4;
            for (RevealedShare share : shares) {
                total += 4 + 1 + 4 + share.share().length;
            }
            return total;
        }
    }
}
