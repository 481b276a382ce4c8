package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.Test;

/** Behaviour every backend must give the chunk store; subclasses supply the object store. Tiny sizes reach every boundary. */
abstract class ChunkStoreContract {
    static final StorageConfig SMALL = StorageConfig.parse("memory:").withChunkSizes(256, 4096);

    abstract ObjectStore objects();

    DefaultChunkStore store(ObjectStore objects) {
        return new DefaultChunkStore(objects, SMALL);
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static long storedBytes(ObjectStore o) {
        return o.list("xorbs/").stream().mapToLong(ObjectStore.Info::size).sum();
    }

    @Test
    void readsBackEveryFileSizeAroundTheBoundaries() {
        try (ChunkStore store = store(objects())) {
            for (int size : new int[] {0, 1, 31, 32, 255, 256, 511, 512, 4095, 4096, 4097, 20_000, 100_003}) {
                byte[] data = SplitMix.randomData(size, size);
                FileRecord r = store.ingest(new ByteArrayInputStream(data));
                assertThat(readAll(store.read(r.hash()))).as("size %d", size).isEqualTo(data);
                assertThat(r.size()).isEqualTo(size);
                assertThat(store.stat(r.hash())).contains(r);
            }
        }
    }

    /** What {@link ChannelTransfer#transferTo} writes (the zero-copy path of downloads). */
    static byte[] transferAll(InputStream in) {
        var out = new java.io.ByteArrayOutputStream();
        try (in) {
            long n = ((ChannelTransfer) in).transferTo(java.nio.channels.Channels.newChannel(out));
            assertThat(n).isEqualTo(out.size());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** Random stretches between compressible ones, so both raw and compressed chunks are sent. */
    static byte[] mixedData(int n, long seed) {
        byte[] data = SplitMix.randomData(n, seed);
        for (int i = 0; i < n; i += 3000) {
            Arrays.fill(data, i, Math.min(n, i + 1000), (byte) (i / 3000));
        }
        return data;
    }

    @Test
    void transferringSendsTheBytesReadingReturnsColdAndWarm() {
        try (ChunkStore store = store(objects())) {
            byte[] data = mixedData(50_000, 11);
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            for (int pass = 0; pass < 2; pass++) {
                for (long[] range : new long[][] {{0, 1}, {1000, 1001}, {4095, 9000}, {12345, 50_000}, {0, 50_000}}) {
                    byte[] sent = transferAll(store.read(r.hash(), range[0], range[1]));
                    assertThat(sent).as("pass %d, %d-%d", pass, range[0], range[1])
                            .isEqualTo(Arrays.copyOfRange(data, (int) range[0], (int) range[1]));
                }
            }
        }
    }

    @Test
    void xorbRangesAreSentAsStoredStreamedOrTransferred() {
        try (DefaultChunkStore store = store(objects())) {
            FileRecord r = store.ingest(new ByteArrayInputStream(mixedData(20_000, 12)));
            XorbHash x = r.terms().getFirst().xorb();
            long size = store.xorbSize(x).orElseThrow();
            byte[] whole = store.objects.get(DefaultChunkStore.xorbName(x));
            for (long[] range : new long[][] {{0, size}, {3, 700}, {size - 9, size}, {100, 101}}) {
                byte[] expected = Arrays.copyOfRange(whole, (int) range[0], (int) range[1]);
                assertThat(readAll(store.readXorb(x, range[0], range[1]))).isEqualTo(expected);
                assertThat(transferAll(store.readXorb(x, range[0], range[1]))).isEqualTo(expected);
            }
            assertThatThrownBy(() -> store.readXorb(x, 0, size + 1)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE);
        }
    }

    @Test
    void readsAnyByteRange() {
        try (ChunkStore store = store(objects())) {
            byte[] data = SplitMix.randomData(50_000, 9);
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            for (long[] range : new long[][] {{0, 0}, {0, 1}, {1000, 1001}, {4095, 9000}, {12345, 50_000}, {0, 50_000}}) {
                byte[] part = readAll(store.read(r.hash(), range[0], range[1]));
                assertThat(part).isEqualTo(Arrays.copyOfRange(data, (int) range[0], (int) range[1]));
            }
        }
    }

    @Test
    void reconstructionTermsRebuildAnyRangeFromRawXorbBytes() {
        try (ChunkStore store = store(objects())) {
            byte[] data = SplitMix.randomData(40_000, 21);
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            for (long[] range : new long[][] {{0, 40_000}, {1, 2}, {3000, 17_777}, {39_999, 40_000}}) {
                Reconstruction rec = store.reconstruct(r.hash(), range[0], range[1]);
                java.io.ByteArrayOutputStream rebuilt = new java.io.ByteArrayOutputStream();
                for (Reconstruction.Fetch f : rec.terms()) {
                    byte[] bytes = xorbBytes(store, f.xorb(), f.xorbByteStart(), f.xorbByteEnd());
                    for (int p = 0; p < bytes.length; p += ChunkCodec.HEADER + ChunkCodec.compressedSize(bytes, p)) {
                        byte[] chunk = new byte[ChunkCodec.rawSize(bytes, p)];
                        ChunkCodec.decode(bytes, p, bytes.length, chunk, 0, "test");
                        rebuilt.writeBytes(chunk);
                    }
                }
                byte[] all = rebuilt.toByteArray();
                int from = (int) rec.offsetIntoFirstTerm();
                assertThat(Arrays.copyOfRange(all, from, from + (int) (range[1] - range[0])))
                        .isEqualTo(Arrays.copyOfRange(data, (int) range[0], (int) range[1]));
            }
        }
    }

    @Test
    void rejectsRangesOutsideTheFile() {
        try (ChunkStore store = store(objects())) {
            FileRecord r = store.ingest(new ByteArrayInputStream(new byte[1000]));
            assertThatThrownBy(() -> store.read(r.hash(), 500, 1001)).isInstanceOf(ChorusException.class)
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE);
            assertThatThrownBy(() -> store.reconstruct(r.hash(), -1, 10)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE);
        }
    }

    @Test
    void identicalReuploadStoresNothingNew() {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            byte[] data = SplitMix.randomData(30_000, 5);
            FileRecord first = store.ingest(new ByteArrayInputStream(data));
            long before = storedBytes(o);
            FileRecord second = store.ingest(new ByteArrayInputStream(data));
            assertThat(second.hash()).isEqualTo(first.hash());
            assertThat(storedBytes(o)).isEqualTo(before);
        }
    }

    @Test
    void anInsertedByteCostsOnlyNearbyChunks() {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            byte[] data = SplitMix.randomData(60_000, 6);
            store.ingest(new ByteArrayInputStream(data));
            long before = storedBytes(o);
            byte[] edited = new byte[data.length + 1];
            System.arraycopy(data, 0, edited, 1, data.length);
            FileRecord r = store.ingest(new ByteArrayInputStream(edited));
            assertThat(readAll(store.read(r.hash()))).isEqualTo(edited);
            assertThat(storedBytes(o) - before).isLessThanOrEqualTo(2 * (512 + 8) + 16);
        }
    }

    @Test
    void findsWhereAChunkIsStored() {
        try (ChunkStore store = store(objects())) {
            FileRecord r = store.ingest(new ByteArrayInputStream(SplitMix.randomData(10_000, 8)));
            Term t = r.terms().getFirst();
            XorbLayout layout = ((DefaultChunkStore) store).layout(t.xorb());
            assertThat(store.findChunk(layout.chunk(0))).get().extracting(ChunkLocation::xorb).isEqualTo(t.xorb());
        }
    }

    @Test
    void acceptsXorbsAndShardsBuiltElsewhereAndServesTheSameFile() {
        try (DefaultChunkStore source = store(new MemoryObjectStore()); ChunkStore target = store(objects())) {
            byte[] data = SplitMix.randomData(20_000, 10);
            FileRecord r = source.ingest(new ByteArrayInputStream(data));
            for (Term t : r.terms()) {
                long size = source.xorbSize(t.xorb()).orElseThrow();
                assertThat(putXorb(target, t.xorb(), xorbBytes(source, t.xorb(), 0, size))).isTrue();
            }
            var file = new ShardFormat.ShardFile(r.hash(), r.terms(), r.terms().stream().map(t -> XetHashing
                    .verificationHash(source.layout(t.xorb()).chunkHashes(t.chunkStart(), t.chunkEnd()))).toList(), null);
            List<FileRecord> added = target.putShard(ShardFormat.write(List.of(file), List.of(), false), data.length);
            assertThat(added).containsExactly(r);
            assertThat(readAll(target.read(r.hash()))).isEqualTo(data);
            Reconstruction rec = target.reconstruct(r.hash(), 5000, 6000);
            assertThat(rec.terms()).isNotEmpty();
            assertThat(rec.offsetIntoFirstTerm()).isBetween(0L, 5000L);
        }
    }

    /** Sends a file's xorbs and shard as a Xet client that dedups nothing (a fresh store builds them all). */
    static List<FileRecord> uploadAsClient(ChunkStore target, byte[] data) {
        return uploadAsClient(target, data, SMALL);
    }

    static List<FileRecord> uploadAsClient(ChunkStore target, byte[] data, StorageConfig config) {
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), config)) {
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            for (XorbHash x : r.terms().stream().map(Term::xorb).distinct().toList()) {
                putXorb(target, x, wholeXorb(client, x));
            }
            var file = new ShardFormat.ShardFile(r.hash(), r.terms(), r.terms().stream().map(t -> XetHashing
                    .verificationHash(client.layout(t.xorb()).chunkHashes(t.chunkStart(), t.chunkEnd()))).toList(), r.sha256());
            return target.putShard(ShardFormat.write(List.of(file), List.of(), false), data.length);
        }
    }

    /**
     * Sends a new file's xorbs in file order, each naming the one before it, as Chorus's SDK does; then damages one
     * stored xorb's bytes, so a shard that read the file back would see a different SHA-256 than the one hashed on
     * arrival.
     */
    static void uploadInOrderThenDamage(ObjectStore o, ChunkStore target, List<Term> terms, DefaultChunkStore client) {
        XorbHash previous = null;
        for (XorbHash x : terms.stream().map(Term::xorb).toList()) {
            target.putXorb(x, previous, new ByteArrayInputStream(wholeXorb(client, x)));
            previous = x;
        }
        flipLastByte(o, terms.getLast().xorb());
    }

    /** The xorb's bytes as the client sends them. */
    static byte[] wholeXorb(ChunkStore client, XorbHash x) {
        return xorbBytes(client, x, 0, client.xorbSize(x).orElseThrow());
    }

    /** Damages the stored copy of the xorb: its last byte flipped. */
    static void flipLastByte(ObjectStore o, XorbHash x) {
        String damaged = DefaultChunkStore.xorbName(x);
        byte[] bytes = o.get(damaged);
        bytes[bytes.length - 1] ^= 1;
        o.put(damaged, bytes);
    }

    static byte[] shardOf(DefaultChunkStore client, FileHash hash, List<Term> terms, Sha256 claimed) {
        var file = new ShardFormat.ShardFile(hash, terms, verifications(client, terms), claimed);
        return ShardFormat.write(List.of(file), List.of(), false);
    }

    /** Each term's Xet verification hash, as a client that knows the chunks computes it. */
    static List<byte[]> verifications(DefaultChunkStore client, List<Term> terms) {
        return terms.stream().map(t -> XetHashing
                .verificationHash(client.layout(t.xorb()).chunkHashes(t.chunkStart(), t.chunkEnd()))).toList();
    }

    /** A file's xorbs sent with no hints, so no arrival run covers a file of several (as a second version's). */
    static void uploadWithoutHints(ChunkStore target, List<Term> terms, DefaultChunkStore client) {
        for (XorbHash x : terms.stream().map(Term::xorb).distinct().toList()) {
            target.putXorb(x, null, new ByteArrayInputStream(wholeXorb(client, x)));
        }
    }

    /** Announces {@code terms[from, to)} of upload {@code upload} for caller {@code scope}. */
    static void announce(ChunkStore target, DefaultChunkStore client, String scope, String upload, List<Term> terms, int from, int to) {
        target.announceTerms(scope, upload, from, terms.subList(from, to), verifications(client, terms.subList(from, to)), Long.MAX_VALUE);
    }

    @Test
    void aFileWhoseTermsWereAnnouncedGetsTheirDigestNotAReadBack() {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: xorbs stored without hints, the file's terms announced in two batches, then a stored byte flips
            byte[] data = SplitMix.randomData(60_000, 43);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            List<Term> terms = r.terms();
            assertThat(terms).hasSizeGreaterThan(3);
            uploadWithoutHints(target, terms, client);
            announce(target, client, "alice|repo", "file-1", terms, 0, 2);
            announce(target, client, "alice|repo", "file-1", terms, 2, terms.size());
            flipLastByte(o, terms.getLast().xorb());

            // Execute
            List<FileRecord> added = target.putShard(shardOf(client, r.hash(), terms, null), data.length, "alice|repo");

            // Assert: the SHA-256 of the bytes when they were announced (a read-back would see the damage)
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(data));
        }
    }

    @Test
    void aShardWhoseTermsAreNotExactlyTheAnnouncedOnesOrAnothersIsReadBack() {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: all but the last term announced by alice, and as many terms as the file's but the first again
            // in place of the last; all of them by mallory; then a stored byte flips
            byte[] data = SplitMix.randomData(60_000, 44);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            List<Term> terms = r.terms();
            uploadWithoutHints(target, terms, client);
            announce(target, client, "alice|repo", "file-1", terms, 0, terms.size() - 1);
            List<Term> other = new java.util.ArrayList<>(terms.subList(0, terms.size() - 1));
            other.add(terms.getFirst());
            announce(target, client, "alice|repo", "file-2", other, 0, other.size());
            announce(target, client, "mallory|repo", "file-1", terms, 0, terms.size());
            flipLastByte(o, terms.getLast().xorb());

            // Execute
            List<FileRecord> added = target.putShard(shardOf(client, r.hash(), terms, null), data.length, "alice|repo");

            // Assert: read back, so the damage shows (neither of alice's other announcements nor mallory's was used)
            byte[] damaged = data.clone();
            damaged[damaged.length - 1] ^= 1;
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(damaged));
        }
    }

    @Test
    void anAnnouncementWithABadTermIsRefusedAndChangesNothing() {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: the file's xorbs stored without hints, its first two terms announced
            byte[] data = SplitMix.randomData(60_000, 45);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            List<Term> terms = r.terms();
            uploadWithoutHints(target, terms, client);
            announce(target, client, "alice|repo", "file-1", terms, 0, 2);
            assertThat(terms).hasSizeGreaterThan(3);
            // A batch of the right third term and a fourth that lies
            Term next = terms.get(3);
            byte[] right = verifications(client, List.of(next)).getFirst();
            XorbHash absent = XorbHash.of(new byte[32]);
            java.util.function.BiConsumer<Term, byte[]> third = (t, v) -> target.announceTerms("alice|repo", "file-1", 2,
                    List.of(terms.get(2), t), List.of(verifications(client, List.of(terms.get(2))).getFirst(), v), Long.MAX_VALUE);

            // Execute and assert: each lie refused with a message, before any byte of the batch counts
            assertThatThrownBy(() -> third.accept(new Term(absent, 0, 1, next.rawBytes()), right))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("not stored");
            assertThatThrownBy(() -> third.accept(next, new byte[32])).hasMessageContaining("fails its verification hash");
            assertThatThrownBy(() -> third.accept(new Term(next.xorb(), next.chunkStart(), next.chunkEnd() + 100_000, next.rawBytes()), right))
                    .hasMessageContaining("outside xorb");
            assertThatThrownBy(() -> third.accept(new Term(next.xorb(), next.chunkStart(), next.chunkEnd(), next.rawBytes() + 1), right))
                    .hasMessageContaining("wrong size");
            assertThatThrownBy(() -> third.accept(new Term(next.xorb(), next.chunkStart(), next.chunkEnd(), -1), right))
                    .hasMessageContaining("negative");
            assertThatThrownBy(() -> announce(target, client, "alice|repo", "file-1", terms, 1, 2))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> announce(target, client, "alice|repo", "file-2", terms, 1, 2))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> target.announceTerms("alice|repo", "file-3", 0, terms, verifications(client, terms), data.length - 1))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
            // The announcement goes on from term 2 as if the lies had not come, and its digest is the file's
            announce(target, client, "alice|repo", "file-1", terms, 2, terms.size());
            flipLastByte(o, terms.getLast().xorb());
            List<FileRecord> added = target.putShard(shardOf(client, r.hash(), terms, null), data.length, "alice|repo");
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(data));
        }
    }

    @Test
    void aNewFileWhoseXorbsArriveInOrderIsHashedOnArrivalNotReadBack() {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: a file of many xorbs, each whole in its own term, sent in order with hints; then a stored byte flips
            byte[] data = SplitMix.randomData(60_000, 40);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            assertThat(r.terms()).hasSizeGreaterThan(3);
            assertThat(r.terms().stream().map(Term::xorb).distinct().count()).isEqualTo(r.terms().size());
            uploadInOrderThenDamage(o, target, r.terms(), client);

            // Execute
            List<FileRecord> added = target.putShard(shardOf(client, r.hash(), r.terms(), null), data.length);

            // Assert: the oid is that of the bytes as they arrived (verified), not of the damaged copy on disk
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(data));
        }
    }

    @Test
    void aXorbThatArrivesBeforeItsPredecessorStillExtendsTheRun() throws Exception {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: a file of many xorbs; the second reaches the server before the first (a busy server's requests
            // start in any order), then the rest in order; then a stored byte of the last one flips
            byte[] data = SplitMix.randomData(60_000, 42);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            List<XorbHash> xorbs = r.terms().stream().map(Term::xorb).toList();
            assertThat(xorbs).hasSizeGreaterThan(3).doesNotHaveDuplicates();
            byte[] second = wholeXorb(client, xorbs.get(1));
            var early = java.util.concurrent.CompletableFuture.runAsync(() -> target.putXorb(xorbs.get(1), xorbs.get(0), new ByteArrayInputStream(second)));
            Thread.sleep(200);
            assertThat(early).as("waits for the xorb it follows").isNotDone();
            XorbHash previous = null;
            for (XorbHash x : xorbs) {
                if (x != xorbs.get(1)) {
                    target.putXorb(x, previous, new ByteArrayInputStream(wholeXorb(client, x)));
                }
                if (x == xorbs.get(0)) {
                    early.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
                previous = x;
            }
            flipLastByte(o, xorbs.getLast());

            // Execute
            List<FileRecord> added = target.putShard(shardOf(client, r.hash(), r.terms(), null), data.length);

            // Assert: hashed on arrival (the damaged copy on disk would give another oid)
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(data));
        }
    }

    @Test
    void aFileThatIsNotExactlyARunOfArrivedXorbsIsReadBack() {
        ObjectStore o = objects();
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), SMALL); ChunkStore target = store(o)) {
            // Prepare: xorbs sent in order with hints, a stored byte of the last one flipped
            byte[] data = SplitMix.randomData(60_000, 41);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            uploadInOrderThenDamage(o, target, r.terms(), client);
            // A file of the last two xorbs only: the run that ends in them began two or more xorbs earlier
            List<Term> tail = r.terms().subList(r.terms().size() - 2, r.terms().size());
            long tailBytes = tail.stream().mapToLong(Term::rawBytes).sum();
            byte[] tailData = Arrays.copyOfRange(data, (int) (data.length - tailBytes), data.length);
            MerkleBuilder merkle = new MerkleBuilder();
            for (Term t : tail) {
                XorbLayout l = client.layout(t.xorb());
                for (int c = t.chunkStart(); c < t.chunkEnd(); c++) {
                    merkle.add(l.chunk(c), l.rawSize(c));
                }
            }
            FileHash tailHash = XetHashing.fileHash(false, merkle.root());

            // Execute
            List<FileRecord> added = target.putShard(shardOf(client, tailHash, tail, null), tailBytes);

            // Assert: read back, so the damage shows in the SHA-256 (a run's digest would have been of other bytes)
            tailData[tailData.length - 1] ^= 1;
            assertThat(added.getFirst().sha256().hex()).isEqualTo(sha256Hex(tailData));
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClientXorbOfStoredChunksCostsOnlyItsNewChunks() {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            // Prepare: version 1 stored; version 2 rewrites 10% in the middle, and its client sends every chunk again
            byte[] v1 = SplitMix.randomData(100_000, 30);
            FileRecord first = uploadAsClient(store, v1).getFirst();
            long before = storedBytes(o);
            byte[] v2 = v1.clone();
            System.arraycopy(SplitMix.randomData(10_000, 31), 0, v2, 45_000, 10_000);

            // Execute
            FileRecord second = uploadAsClient(store, v2).getFirst();

            // Assert: about the changed tenth (and the chunks around it) is new; everything reads back and checks out
            assertThat(storedBytes(o) - before).isLessThan(v2.length * 15L / 100);
            assertThat(readAll(store.read(second.hash()))).isEqualTo(v2);
            assertThat(transferAll(store.read(second.hash(), 40_000, 60_000))).isEqualTo(Arrays.copyOfRange(v2, 40_000, 60_000));
            assertThat(readAll(store.read(first.hash()))).isEqualTo(v1);
            for (Reconstruction.Fetch f : store.reconstruct(second.hash(), 0, v2.length).terms()) {
                assertThat(store.xorbSize(f.xorb())).as("a reconstruction names stored xorbs").isPresent();
            }
            XorbHash middle = second.terms().get(second.terms().size() / 2).xorb();
            ChunkHash stored = ((DefaultChunkStore) store).layout(middle).chunk(0);
            assertThat(store.dedupShard(stored)).as("dedup answers for any stored chunk").isPresent();
            assertThat(store.fsck().ok()).isTrue();
            store.gc(Duration.ZERO);
            assertThat(o.list("xorb-alias/")).as("aliases only serve their shard").isEmpty();
        }
    }

    @Test
    void acceptsAClientXorbWithTheXetFooterAndStoresOnlyItsChunks() {
        try (DefaultChunkStore source = store(new MemoryObjectStore()); ChunkStore target = store(objects())) {
            FileRecord r = source.ingest(new ByteArrayInputStream(SplitMix.randomData(3000, 22)));
            XorbHash h = r.terms().getFirst().xorb();
            byte[] xorb = wholeXorb(source, h);
            byte[] withFooter = Arrays.copyOf(xorb, xorb.length + 40);
            System.arraycopy("XETBLOB".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, withFooter, xorb.length, 7);
            assertThat(putXorb(target, h, withFooter)).isTrue();
            assertThat(putXorb(target, h, xorb)).isFalse();
            assertThat(target.xorbSize(h)).contains((long) xorb.length);
        }
    }

    @Test
    void concurrentIngestsOfOverlappingFilesAllReadBack() throws Exception {
        try (ChunkStore store = store(objects())) {
            byte[] shared = SplitMix.randomData(30_000, 23);
            List<java.util.concurrent.Future<FileRecord>> futures = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 4; i++) {
                    byte[] data = Arrays.copyOf(shared, shared.length + 5000 * i);
                    futures.add(pool.submit(() -> store.ingest(new ByteArrayInputStream(data))));
                }
            }
            for (int i = 0; i < 4; i++) {
                FileRecord r = futures.get(i).get();
                assertThat(readAll(store.read(r.hash()))).isEqualTo(Arrays.copyOf(shared, shared.length + 5000 * i));
            }
            assertThat(store.fsck().ok()).isTrue();
        }
    }

    @Test
    void rejectsXorbsWhoseBytesDoNotMatchTheirHashOrAreTruncated() {
        try (DefaultChunkStore source = store(new MemoryObjectStore()); ChunkStore target = store(objects())) {
            FileRecord r = source.ingest(new ByteArrayInputStream(SplitMix.randomData(3000, 11)));
            XorbHash h = r.terms().getFirst().xorb();
            byte[] xorb = wholeXorb(source, h);
            byte[] flipped = xorb.clone();
            flipped[flipped.length - 1] ^= 1;
            for (byte[] bad : List.of(flipped, Arrays.copyOf(xorb, xorb.length - 3), new byte[0])) {
                assertThatThrownBy(() -> putXorb(target, h, bad)).extracting(e -> ((ChorusException) e).code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            assertThat(target.xorbSize(h)).isEmpty();
        }
    }

    @Test
    void refusesXorbsOfMoreChunksThanXetAllowsOrWithEmptyChunksEvenWhenTheirHashIsRight() {
        try (ChunkStore target = store(objects())) {
            // Prepare: correctly named xorbs of 8,193 distinct 4-byte chunks, of 8,192, and of one empty chunk
            byte[] overLimit = serialized(XorbParser.MAX_CHUNKS + 1, 4);
            byte[] atLimit = serialized(XorbParser.MAX_CHUNKS, 4);
            byte[] empty = serialized(1, 0);

            // Execute + Assert
            assertThatThrownBy(() -> putXorb(target, named(XorbParser.MAX_CHUNKS + 1, 4), overLimit))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThatThrownBy(() -> putXorb(target, named(1, 0), empty))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(target.xorbSize(named(XorbParser.MAX_CHUNKS + 1, 4))).isEmpty();
            assertThat(putXorb(target, named(XorbParser.MAX_CHUNKS, 4), atLimit)).isTrue();
        }
    }

    /** {@code count} chunks of {@code size} (0 or 4) bytes, chunk i holding i, serialized as stored. */
    private static byte[] serialized(int count, int size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.writeBytes(ChunkCodec.raw(chunk(i, size), 0, size));
        }
        return out.toByteArray();
    }

    /** The Xet name of {@link #serialized}'s xorb. */
    private static XorbHash named(int count, int size) {
        List<XetHashing.Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(new XetHashing.Node(XetHashing.chunkHash(chunk(i, size), 0, size), size));
        }
        return XetHashing.xorbHash(nodes);
    }

    private static byte[] chunk(int i, int size) {
        return size == 0 ? new byte[0] : java.nio.ByteBuffer.allocate(4).putInt(i).array();
    }

    @Test
    void refusesAShardFileOverTheSizeLimitBeforeReadingIt() {
        try (DefaultChunkStore source = store(new MemoryObjectStore()); ChunkStore target = store(objects())) {
            byte[] data = SplitMix.randomData(3000, 13);
            FileRecord r = source.ingest(new ByteArrayInputStream(data));
            for (Term t : r.terms()) {
                putXorb(target, t.xorb(), wholeXorb(source, t.xorb()));
            }
            // The same stored chunks repeated: a small shard describing a file 100,000 times their size.
            List<Term> repeated = java.util.Collections.nCopies(100_000, r.terms().getFirst());
            byte[] bomb = ShardFormat.write(List.of(new ShardFormat.ShardFile(r.hash(), repeated, List.of(), null)), List.of(), false);

            assertThatThrownBy(() -> target.putShard(bomb, 1L << 20)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
            byte[] exact = ShardFormat.write(List.of(new ShardFormat.ShardFile(r.hash(), r.terms(), List.of(), null)), List.of(), false);
            assertThatThrownBy(() -> target.putShard(exact, data.length - 1)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
            assertThat(target.exists(r.hash())).isFalse();
            assertThat(target.putShard(exact, data.length)).extracting(FileRecord::hash).containsExactly(r.hash());
        }
    }

    @Test
    void rejectsShardsThatAreTruncatedOrReferenceUnknownXorbs() {
        try (DefaultChunkStore source = store(new MemoryObjectStore()); ChunkStore target = store(objects())) {
            FileRecord r = source.ingest(new ByteArrayInputStream(SplitMix.randomData(3000, 12)));
            var file = new ShardFormat.ShardFile(r.hash(), r.terms(), List.of(), r.sha256());
            byte[] shard = ShardFormat.write(List.of(file), List.of(), false);
            for (byte[] bad : List.of(shard, Arrays.copyOf(shard, shard.length - 10), new byte[5])) {
                assertThatThrownBy(() -> target.putShard(bad, Long.MAX_VALUE)).extracting(e -> ((ChorusException) e).code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
            assertThat(target.exists(r.hash())).isFalse();
        }
    }

    @Test
    void reportsCorruptedXorbByNameOnReadAndInFsck() {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            byte[] data = SplitMix.randomData(5000, 13);
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            String name = DefaultChunkStore.xorbName(r.terms().getFirst().xorb());
            byte[] xorb = o.get(name);
            xorb[xorb.length - 2] ^= 0x40;
            o.put(name, xorb);
            assertThatThrownBy(() -> readAll(store.read(r.hash()))).isInstanceOf(ChorusException.class)
                    .hasMessageContaining(name).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.DATA_CORRUPTED);
            FsckReport report = store.fsck();
            assertThat(report.ok()).isFalse();
            assertThat(report.toString()).contains(name);
        }
    }

    @Test
    void fullStorageFailsCleanlyAndKeepsEarlierFiles() {
        ObjectStore o = objects();
        byte[] kept = SplitMix.randomData(10_000, 14);
        FileRecord first;
        try (ChunkStore store = store(o)) {
            first = store.ingest(new ByteArrayInputStream(kept));
        }
        long used = o.list("").stream().mapToLong(ObjectStore.Info::size).sum();
        try (ChunkStore store = store(new QuotaObjectStore(o, used + 5000))) {
            assertThatThrownBy(() -> store.ingest(new ByteArrayInputStream(SplitMix.randomData(50_000, 15))))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.STORAGE_FULL);
            assertThat(readAll(store.read(first.hash()))).isEqualTo(kept);
            assertThat(store.fsck().ok()).isTrue();
        }
    }

    @Test
    void reuploadingAFileProtectsItFromGcForTheGracePeriod() throws Exception {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            byte[] data = SplitMix.randomData(9000, 24);
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            // S3 keeps modification times to the second, so the margins are whole seconds.
            Thread.sleep(3500);
            store.ingest(new ByteArrayInputStream(data));
            GcReport report = store.gc(Duration.ofMillis(2500));
            assertThat(report.filesDeleted()).isZero();
            assertThat(readAll(store.read(r.hash()))).isEqualTo(data);
        }
    }

    @Test
    void gcRemovesOnlyWhatNoRootReaches() {
        ObjectStore o = objects();
        try (ChunkStore store = store(o)) {
            byte[] keep = SplitMix.randomData(9000, 16);
            FileRecord live = store.ingest(new ByteArrayInputStream(keep));
            FileRecord dead = store.ingest(new ByteArrayInputStream(SplitMix.randomData(9000, 17)));
            store.addRoots(sink -> sink.accept(live.hash()));
            GcReport young = store.gc(Duration.ofHours(1));
            assertThat(young.filesDeleted()).isZero();
            GcReport report = store.gc(Duration.ofMillis(-1000));
            assertThat(report.filesDeleted()).isEqualTo(1);
            assertThat(report.xorbsDeleted()).isPositive();
            assertThat(store.exists(dead.hash())).isFalse();
            assertThat(readAll(store.read(live.hash()))).isEqualTo(keep);
            assertThat(store.fsck().ok()).isTrue();
        }
    }

    static byte[] xorbBytes(ChunkStore store, XorbHash xorb, long start, long end) {
        try (java.io.InputStream in = store.readXorb(xorb, start, end)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean putXorb(ChunkStore store, XorbHash xorb, byte[] serialized) {
        return store.putXorb(xorb, new java.io.ByteArrayInputStream(serialized));
    }
}
