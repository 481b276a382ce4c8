package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SecAggPrimitivesTest {

    @Test
    void anyThresholdSubsetOfShamirSharesRecoversTheSecretAndFewerDoNot() {
        // Prepare
        SecureRandom random = new SecureRandom();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        int[] xs = {3, 17, 99, 1000, 65_537, 2_000_000_000, 5};
        long[][] shares = Shamir.split(secret, xs, 4, random);

        // Execute
        byte[] fromFirst = Shamir.combine(Arrays.copyOfRange(xs, 0, 4), Arrays.copyOfRange(shares, 0, 4));
        byte[] fromLast = Shamir.combine(Arrays.copyOfRange(xs, 3, 7), Arrays.copyOfRange(shares, 3, 7));
        byte[] fromAll = Shamir.combine(xs, shares);

        // Assert
        assertThat(fromFirst).isEqualTo(secret);
        assertThat(fromLast).isEqualTo(secret);
        assertThat(fromAll).isEqualTo(secret);
        byte[] fromThree;
        try {
            fromThree = Shamir.combine(Arrays.copyOfRange(xs, 0, 3), Arrays.copyOfRange(shares, 0, 3));
        } catch (SecAggException e) {
            fromThree = null; // a limb fell outside 56 bits: detected as a failed reconstruction
        }
        assertThat(fromThree).isNotEqualTo(secret);
    }

    @Test
    void shareEncodingRoundTripsAndRejectsOutOfFieldValues() {
        // Prepare
        long[] share = {0, 1, Shamir.P - 1, 123_456_789_012L, 42};
        byte[] outside = Shamir.encode(new long[] {Shamir.P, 0, 0, 0, 0});

        // Execute
        long[] decoded = Shamir.decode(Shamir.encode(share));

        // Assert
        assertThat(decoded).containsExactly(share);
        assertThatThrownBy(() -> Shamir.decode(outside)).isInstanceOf(SecAggException.class);
    }

    @Test
    void mersenneFieldArithmeticAgreesWithBigIntegers() {
        // Prepare
        Random random = new Random(1);
        java.math.BigInteger p = java.math.BigInteger.valueOf(Shamir.P);
        for (int i = 0; i < 10_000; i++) {
            long a = (random.nextLong() & Long.MAX_VALUE) % Shamir.P;
            long b = (random.nextLong() & Long.MAX_VALUE) % Shamir.P;

            // Execute
            long product = Shamir.mul(a, b);

            // Assert
            assertThat(product).isEqualTo(java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b)).mod(p).longValueExact());
        }
        assertThat(Shamir.mul(Shamir.inverse(12345), 12345)).isEqualTo(1);
    }

    @Test
    void addingThenSubtractingTheSameMaskCancelsAndTheMaskDependsOnTheSeed() {
        // Prepare
        byte[] seed = new byte[32];
        seed[0] = 1;
        byte[] other = new byte[32];
        other[0] = 2;
        int[] values = IntStream.range(0, 10_001).toArray();
        int[] a = new int[5000];
        int[] b = new int[5000];

        // Execute
        MaskPrg.apply(values, seed, 1);
        int changed = (int) IntStream.range(0, values.length).filter(i -> values[i] != i).count();
        MaskPrg.apply(values, seed, -1);
        MaskPrg.apply(a, seed, 1);
        MaskPrg.apply(b, other, 1);

        // Assert
        assertThat(changed).isGreaterThan(9_990);
        assertThat(values).isEqualTo(IntStream.range(0, 10_001).toArray());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void harariGraphIsSymmetricRegularAndTheSameForEveryone() {
        // Prepare
        int[] ids = IntStream.rangeClosed(1, 100).map(i -> i * 3).toArray();

        // Execute
        NeighbourGraph graph = NeighbourGraph.build(ids, 12, 77);
        NeighbourGraph again = NeighbourGraph.build(ids, 12, 77);
        NeighbourGraph otherSeed = NeighbourGraph.build(ids, 12, 78);

        // Assert
        for (int u : ids) {
            assertThat(graph.of(u)).hasSize(12).doesNotContain(u).isEqualTo(again.of(u));
            for (int v : graph.of(u)) {
                assertThat(graph.adjacent(v, u)).isTrue();
            }
        }
        assertThat(Arrays.stream(ids).filter(u -> !Arrays.equals(graph.of(u), otherSeed.of(u))).count()).isGreaterThan(50);
    }

    @Test
    void x25519AgreementIsSymmetricAndRawKeysRoundTrip() {
        // Prepare
        var alice = X25519.generate();
        var bob = X25519.generate();

        // Execute
        byte[] ab = X25519.agree(alice.getPrivate(), X25519.publicBytes(bob));
        byte[] ba = X25519.agree(bob.getPrivate(), X25519.publicBytes(alice));

        // Assert
        assertThat(ab).isEqualTo(ba).hasSize(32);
        assertThat(MaskSeeds.publicOf(X25519.privateBytes(alice))).isEqualTo(X25519.publicBytes(alice));
        assertThatThrownBy(() -> X25519.agree(alice.getPrivate(), new byte[32])).isInstanceOf(SecAggException.class);
    }

    @Test
    void theSmallOrderBlocklistIsExactlyWhatTheJdkRefusesAndCatchesNonCanonicalEncodings() {
        // Prepare
        var mine = X25519.generate();
        java.math.BigInteger p = java.math.BigInteger.TWO.pow(255).subtract(java.math.BigInteger.valueOf(19));

        for (java.math.BigInteger u : X25519.SMALL_ORDER_U) {
            for (java.math.BigInteger encoded : new java.math.BigInteger[] {u, u.add(p)}) {
                if (encoded.bitLength() > 255) {
                    continue;
                }
                byte[] raw = new byte[32];
                byte[] big = encoded.toByteArray();
                for (int i = 0; i < 32 && i < big.length; i++) {
                    raw[i] = big[big.length - 1 - i];
                }
                byte[] highBit = raw.clone();
                highBit[31] |= (byte) 0x80;

                // Execute + Assert: the JDK refuses the agreement, and the cheap check refuses the key
                assertThatThrownBy(() -> X25519.agree(mine.getPrivate(), raw)).isInstanceOf(SecAggException.class);
                assertThatThrownBy(() -> X25519.checkPublic(raw)).isInstanceOf(SecAggException.class);
                assertThatThrownBy(() -> X25519.checkPublic(highBit)).isInstanceOf(SecAggException.class);
            }
        }
        X25519.checkPublic(X25519.publicBytes(X25519.generate()));
    }
}
