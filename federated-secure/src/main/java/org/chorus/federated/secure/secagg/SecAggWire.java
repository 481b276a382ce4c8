package org.chorus.federated.secure.secagg;

import static org.chorus.federated.secure.secagg.SecAggException.Reason.MALFORMED_MESSAGE;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.chorus.federated.secure.secagg.SecAggMessage.AdvertiseKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.EncryptedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.ForwardedShares;
import org.chorus.federated.secure.secagg.SecAggMessage.KeyDirectory;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.PeerKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.RevealedShare;
import org.chorus.federated.secure.secagg.SecAggMessage.Setup;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKind;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;

/**
 * The compact binary form of the messages, for transports that carry bytes (gRPC {@code bytes} fields, files):
 * a 1-byte tag, then the fields big-endian in declaration order, arrays and lists with a 4-byte length (byte
 * layout: docs/federated-protocol.md, "Secure aggregation"). A {@link Setup} whose parameters are invalid decodes
 * as malformed. The encoding is exactly 1 + {@link SecAggMessage#wireBytes()} long. Decoding never trusts a length
 * beyond the bytes present.
 */
public final class SecAggWire {
    private SecAggWire() {}

    public static byte[] encode(SecAggMessage message) {
        ByteBuffer out = ByteBuffer.allocate(1 + message.wireBytes());
        if (message instanceof Setup m) {
            SecAggConfig c = m.config();
            out.put((byte) 8).putInt(m.recipient()).putLong(c.roundId());
            ints(out, c.clientIds());
            out.putInt(c.neighbours()).putInt(c.threshold()).putInt(c.dimension()).putDouble(c.clipRange())
                    .putDouble(c.maxWeight()).putInt(c.bits()).putLong(c.graphSeed());
        } else if (message instanceof AdvertiseKeys m) {
            out.put((byte) 1).putInt(m.sender());
            bytes(out, m.channelKey());
            bytes(out, m.maskKey());
        } else if (message instanceof KeyDirectory m) {
            out.put((byte) 2).putInt(m.recipient()).putInt(m.peers().size());
            for (PeerKeys peer : m.peers()) {
                out.putInt(peer.id());
                bytes(out, peer.channelKey());
                bytes(out, peer.maskKey());
            }
        } else if (message instanceof ShareKeys m) {
            out.put((byte) 3).putInt(m.sender());
            bytes(out, m.seedCommitment());
            shares(out, m.shares());
        } else if (message instanceof ForwardedShares m) {
            out.put((byte) 4).putInt(m.recipient());
            shares(out, m.shares());
        } else if (message instanceof MaskedInput m) {
            out.put((byte) 5).putInt(m.sender()).putDouble(m.declaredWeight()).putInt(m.masked().length);
            out.asIntBuffer().put(m.masked());
            out.position(out.position() + 4 * m.masked().length);
        } else if (message instanceof UnmaskRequest m) {
            out.put((byte) 6).putInt(m.recipient()).putInt(m.survivorCount());
            ints(out, m.survivingNeighbours());
            ints(out, m.droppedNeighbours());
        } else if (message instanceof UnmaskResponse m) {
            out.put((byte) 7).putInt(m.sender()).putInt(m.shares().size());
            for (RevealedShare share : m.shares()) {
                out.putInt(share.owner()).put((byte) share.kind().ordinal());
                bytes(out, share.share());
            }
        } else {
            throw new IllegalArgumentException("unknown message " + message);
        }
        return out.array();
    }

    public static SecAggMessage decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            SecAggMessage message = decode(in);
            if (in.hasRemaining()) {
                throw new SecAggException(MALFORMED_MESSAGE, in.remaining() + " trailing bytes");
            }
            return message;
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SecAggException(MALFORMED_MESSAGE, "truncated or inconsistent message", e);
        }
    }

    private static SecAggMessage decode(ByteBuffer in) {
        int tag = in.get();
        switch (tag) {
            case 1:
                return new AdvertiseKeys(in.getInt(), bytes(in), bytes(in));
            case 2: {
                int recipient = in.getInt();
                int count = count(in, 4 + 8 + 2 * X25519.KEY_BYTES);
                List<PeerKeys> peers = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    peers.add(new PeerKeys(in.getInt(), bytes(in), bytes(in)));
                }
                return new KeyDirectory(recipient, peers);
            }
            case 3:
                return new ShareKeys(in.getInt(), bytes(in), shares(in));
            case 4:
                return new ForwardedShares(in.getInt(), shares(in));
            case 5: {
                int sender = in.getInt();
                double weight = in.getDouble();
                return new MaskedInput(sender, weight, ints(in));
            }
            case 6:
                return new UnmaskRequest(in.getInt(), in.getInt(), ints(in), ints(in));
            case 7: {
                int sender = in.getInt();
                int count = count(in, 9);
                List<RevealedShare> shares = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int owner = in.getInt();
                    int kind = in.get();
                    if (kind < 0 || kind >= ShareKind.values().length) {
                        throw new SecAggException(MALFORMED_MESSAGE, "unknown share kind " + kind);
                    }
                    shares.add(new RevealedShare(owner, ShareKind.values()[kind], bytes(in)));
                }
                return new UnmaskResponse(sender, shares);
            }
            case 8: {
                int recipient = in.getInt();
                long roundId = in.getLong();
                int[] clientIds = ints(in);
                return new Setup(recipient, new SecAggConfig(roundId, clientIds, in.getInt(), in.getInt(), in.getInt(),
                        in.getDouble(), in.getDouble(), in.getInt(), in.getLong()));
            }
            default:
                throw new SecAggException(MALFORMED_MESSAGE, "unknown message tag " + tag);
        }
    }

    private static void bytes(ByteBuffer out, byte[] value) {
        out.putInt(value.length).put(value);
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] value = new byte[count(in, 1)];
        in.get(value);
        return value;
    }

    private static void ints(ByteBuffer out, int[] values) {
        out.putInt(values.length);
        for (int v : values) {
            out.putInt(v);
        }
    }

    private static int[] ints(ByteBuffer in) {
        int[] values = new int[count(in, 4)];
        in.asIntBuffer().get(values);
        in.position(in.position() + 4 * values.length);
        return values;
    }

    private static void shares(ByteBuffer out, List<EncryptedShare> shares) {
        out.putInt(shares.size());
        for (EncryptedShare share : shares) {
            out.putInt(share.from()).putInt(share.to());
            bytes(out, share.ciphertext());
        }
    }

    private static List<EncryptedShare> shares(ByteBuffer in) {
        int count = count(in, 12);
        List<EncryptedShare> shares = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shares.add(new EncryptedShare(in.getInt(), in.getInt(), bytes(in)));
        }
        return shares;
    }

    /** A length or count that the remaining bytes can hold at {@code minBytesEach} bytes per element. */
    private static int count(ByteBuffer in, int minBytesEach) {
        int count = in.getInt();
        if (count < 0 || (long) count * minBytesEach > in.remaining()) {
            throw new SecAggException(MALFORMED_MESSAGE, "length " + count + " beyond the message");
        }
        return count;
    }
}
