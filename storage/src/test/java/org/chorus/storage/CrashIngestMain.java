package org.chorus.storage;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.chorus.xet.SplitMix;

/**
 * The child process of {@link SurvivesKillDuringIngestTest}: stores generated files into a directory store forever,
 * by ingest and by Xet xorbs and shards in turn, printing "DONE seed hash" after each returns, until it is killed.
 */
public final class CrashIngestMain {
    static final StorageConfig CONFIG = StorageConfig.parse("memory:").withChunkSizes(1024, 16 * 1024);

    private CrashIngestMain() {}

    static byte[] content(long seed) {
        // Half of each file repeats the previous one, so ingests also reuse xorbs written before a crash.
        byte[] fresh = SplitMix.randomData(150_000 + (int) (seed % 7) * 40_000, seed);
        byte[] old = SplitMix.randomData(150_000, seed - 1);
        byte[] out = new byte[fresh.length + old.length];
        System.arraycopy(old, 0, out, 0, old.length);
        System.arraycopy(fresh, 0, out, old.length, fresh.length);
        return out;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        try (ChunkStore store = new DefaultChunkStore(new DirectoryObjectStore(dir), CONFIG)) {
            for (; ; seed++) {
                // Odd seeds arrive as a Xet client sends them: every xorb (half its chunks stored already, so the store
                // keeps a xorb of new chunks and an alias), then the shard.
                FileRecord r = seed % 2 == 0 ? store.ingest(new ByteArrayInputStream(content(seed)))
                        : ChunkStoreContract.uploadAsClient(store, content(seed), CONFIG).getFirst();
                System.out.println("DONE " + seed + " " + r.hash().hex());
                System.out.flush();
            }
        }
    }
}
