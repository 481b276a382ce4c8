package org.chorus.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/**
 * The child process of {@link BoundedMemoryTest}, run with a heap several times smaller than its file: ingests a
 * generated file into a directory store, reads it back, then sends its xorbs and a shard to a second store as a Xet
 * client would and reads that back. Prints "OK" when every SHA-256 matches; an OutOfMemoryError fails it.
 */
public final class BoundedMemoryMain {
    private BoundedMemoryMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        StorageConfig config = StorageConfig.parse(dir.resolve("a").toString());
        try (ChunkStore first = ChunkStore.open(config);
             ChunkStore second = ChunkStore.open(StorageConfig.parse(dir.resolve("b").toString()))) {
            FileRecord r = first.ingest(new GeneratedStream(7, size));
            Sha256 expected = Sha256.of(digest(new GeneratedStream(7, size)));
            check(r.sha256().equals(expected) && r.size() == size, "ingest");
            check(Sha256.of(digest(first.read(r.hash()))).equals(expected), "read");
            for (XorbHash x : r.terms().stream().map(Term::xorb).distinct().toList()) {
                try (InputStream in = first.readXorb(x, 0, first.xorbSize(x).orElseThrow())) {
                    second.putXorb(x, in);
                }
            }
            var file = new ShardFormat.ShardFile(r.hash(), r.terms(), List.of(), null);
            List<FileRecord> added = second.putShard(ShardFormat.write(List.of(file), List.of(), false), Long.MAX_VALUE);
            check(added.getFirst().sha256().equals(expected), "shard");
            check(Sha256.of(digest(second.read(r.hash(), 0, size))).equals(expected), "read after shard");
        }
        System.out.println("OK");
    }

    private static byte[] digest(InputStream in) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[1 << 16];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static void check(boolean ok, String step) {
        if (!ok) {
            throw new AssertionError(step + " returned other bytes");
        }
    }
}
