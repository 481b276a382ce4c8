package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
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
import org.chorus.federated.secure.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python node's secure-aggregation primitives (clients/python/chorus_fl/secagg) against this library, bit for
 * bit: this test draws inputs, computes every output with the Java code, and src/test/python/secagg_vectors.py
 * recomputes them in Python from the inputs alone.
 */
class PythonSecAggMatchesJavaTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Random random = new Random(2026);
    private final Map<String, String> inputs = new TreeMap<>();
    private final Map<String, String> expected = new TreeMap<>();

    /** A SecureRandom whose nextLong draws come from a seeded stream and are recorded, so Python can replay them. */
    static final class RecordingRandom extends SecureRandom {
        private static final long serialVersionUID = 1;
        private final Random source = new Random(7);
        final List<Long> draws = new ArrayList<>();

        @Override
        public long nextLong() {
            long v = source.nextLong();
            draws.add(v);
            return v;
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static String list(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Test
    void pythonReproducesEveryPrimitiveAndWireMessage(@TempDir Path dir) throws Exception {
        // Prepare
        Python python = Python.find("numpy");
        byte[] a = bytes(32);
        byte[] b = bytes(32);
        inputs.put("x.a", hex(a));
        inputs.put("x.b", hex(b));
        byte[] publicB = MaskSeeds.publicOf(b);
        byte[] shared = X25519.agree(X25519.privateKey(a), publicB);
        expected.put("x.pubA", hex(MaskSeeds.publicOf(a)));
        expected.put("x.pubB", hex(publicB));
        expected.put("x.shared", hex(shared));

        long round = -123456789012L;
        byte[] ikm = bytes(40);
        String label = "chorus-secagg/test-label";
        inputs.put("h.round", Long.toString(round));
        inputs.put("h.ikm", hex(ikm));
        inputs.put("h.label", label);
        expected.put("h.short", hex(Hkdf.derive(Hkdf.roundSalt(round), ikm, label, 32)));
        expected.put("h.long", hex(Hkdf.derive(Hkdf.roundSalt(round), ikm, label, 80)));
        expected.put("h.empty", hex(Hkdf.derive(new byte[0], ikm, label, 45)));
        byte[] seedSecret = Arrays.copyOf(ikm, 32);
        expected.put("s.self", hex(MaskSeeds.selfSeed(round, seedSecret)));
        expected.put("s.pair", hex(MaskSeeds.pairSeed(round, X25519.privateKey(a), publicB, 7, 3)));
        expected.put("s.commit", hex(MaskSeeds.commitment(round, seedSecret)));
        expected.put("s.sharekey", hex(ShareCipher.key(round, shared)));

        byte[] seed = bytes(32);
        int[] target = random.ints(1001).toArray();
        inputs.put("p.seed", hex(seed));
        inputs.put("p.target", list(target));
        int[] plus = target.clone();
        MaskPrg.apply(plus, seed, 1);
        int[] minus = target.clone();
        MaskPrg.apply(minus, seed, -1);
        expected.put("p.plus", list(plus));
        expected.put("p.minus", list(minus));
        int[] big = new int[1_000_000];
        long started = System.nanoTime();
        MaskPrg.apply(big, seed, 1);
        System.out.printf("java PRG: %d words in %.3f s%n", big.length, (System.nanoTime() - started) / 1e9);
        inputs.put("p.big.n", Integer.toString(big.length));
        ByteBuffer bigBytes = ByteBuffer.allocate(4 * big.length).order(ByteOrder.LITTLE_ENDIAN);
        bigBytes.asIntBuffer().put(big);
        expected.put("p.big.sha256", hex(MessageDigest.getInstance("SHA-256").digest(bigBytes.array())));

        byte[] shareKey = ShareCipher.key(round, shared);
        byte[] seedShare = bytes(Shamir.SHARE_BYTES);
        byte[] keyShare = bytes(Shamir.SHARE_BYTES);
        byte[] sealed = ShareCipher.seal(shareKey, round, 5, 9, seedShare, keyShare, new SecureRandom());
        inputs.putAll(Map.of("g.key", hex(shareKey), "g.round", Long.toString(round), "g.from", "5", "g.to", "9", "g.sealed", hex(sealed)));
        expected.put("g.opened", hex(seedShare) + hex(keyShare));
        expected.put("g.sealed", hex(sealed));
        expected.put("g.otherPair", "refused");

        byte[] secret = bytes(32);
        int[] xs = {3, 1, 7, 2, 9};
        RecordingRandom draws = new RecordingRandom();
        long[][] shares = Shamir.split(secret, xs, 3, draws);
        inputs.put("sh.secret", hex(secret));
        inputs.put("sh.xs", list(xs));
        inputs.put("sh.t", "3");
        inputs.put("sh.draws", draws.draws.stream().map(String::valueOf).collect(Collectors.joining(",")));
        expected.put("sh.shares", Arrays.stream(shares).map(s -> hex(Shamir.encode(s))).collect(Collectors.joining()));
        expected.put("sh.combined", hex(Shamir.combine(Arrays.copyOfRange(xs, 1, 4), Arrays.copyOfRange(shares, 1, 4))));

        float[] update = new float[300];
        for (int i = 0; i < update.length; i++) {
            update[i] = (float) ((random.nextDouble() * 4 - 2) * 0.5); // a third beyond the clip range
        }
        update[0] = 0.5f;
        update[1] = -0.5f;
        update[2] = Float.NaN;
        update[3] = Float.POSITIVE_INFINITY;
        Quantizer quantizer = new Quantizer(0.5, 200, 23);
        int[] encoded = new int[update.length + 1];
        quantizer.encode(update, 137, encoded);
        ByteBuffer updateBytes = ByteBuffer.allocate(4 * update.length);
        updateBytes.asFloatBuffer().put(update);
        inputs.putAll(Map.of("q.update", hex(updateBytes.array()), "q.weight", "137", "q.clip", "0.5", "q.max", "200", "q.bits", "23"));
        expected.put("q.encoded", list(encoded));

        SecAggConfig config = SecAggConfig.secAggPlus(71, IntStream.rangeClosed(1, 40).toArray(), 33, 0.5, 200, 99);
        inputs.putAll(Map.of("gr.ids", list(config.clientIds()), "gr.degree", Integer.toString(config.neighbours()), "gr.seed", "99"));
        for (int id : config.clientIds()) {
            expected.put("gr." + id, list(config.graph().of(id)));
        }

        Map<String, SecAggMessage> messages = new TreeMap<>();
        messages.put("w.setup", new Setup(7, config));
        messages.put("w.advertise", new AdvertiseKeys(3, bytes(32), bytes(32)));
        messages.put("w.directory", new KeyDirectory(3, List.of(new PeerKeys(1, bytes(32), bytes(32)), new PeerKeys(4, bytes(32), bytes(32)))));
        List<EncryptedShare> encrypted = List.of(new EncryptedShare(3, 1, sealed), new EncryptedShare(3, 4, bytes(ShareCipher.CIPHER_BYTES)));
        messages.put("w.share", new ShareKeys(3, bytes(32), encrypted));
        messages.put("w.forwarded", new ForwardedShares(4, encrypted));
        messages.put("w.masked", new MaskedInput(3, 137.0, plus));
        messages.put("w.unmask", new UnmaskRequest(3, 30, new int[] {1, 4, 40}, new int[] {2}));
        messages.put("w.response", new UnmaskResponse(3, List.of(new RevealedShare(1, ShareKind.SELF_MASK_SEED, bytes(40)),
                new RevealedShare(2, ShareKind.MASK_PRIVATE_KEY, bytes(40)))));
        messages.forEach((name, m) -> {
            inputs.put(name, hex(SecAggWire.encode(m)));
            expected.put(name, hex(SecAggWire.encode(m)));
        });
        expected.put("w.setup.fields", LongStream.of(7, 71, 40, config.neighbours(), config.threshold(), 33).mapToObj(Long::toString)
                .collect(Collectors.joining(",")) + ",0.5,200.0," + config.bits() + ",99");
        Path in = dir.resolve("inputs.txt");
        Files.write(in, inputs.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());

        // Execute
        String output = python.run(dir.resolve("python.log"), "secagg_vectors", List.of(in.toString()), 600);

        // Assert
        Map<String, String> computed = new TreeMap<>();
        output.lines().filter(l -> !l.startsWith("#")).forEach(l -> computed.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        output.lines().filter(l -> l.startsWith("#")).forEach(System.out::println);
        assertThat(computed).isEqualTo(expected);
    }
}
