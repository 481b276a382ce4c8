package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.db.TestDatabases;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.internal.storage.dfs.DfsPackFile;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack read from the object store by ranged GETs (as on S3) is fetched about once, not once per 64 KiB block: the
 * compacted pack is one JGit did not cache as it wrote it, like a pack another node wrote.
 */
class PackBlockReadsTest {
    @TempDir
    Path dir;

    @Test
    void readingEveryObjectOfAnUncachedPackFetchesItsBytesAboutOnce() throws Exception {
        try (HubTestBed bed = new HubTestBed(TestDatabases.sqlite(dir), dir)) {
            Repo repo = bed.model(bed.user("ann", Role.WRITE), "m", false);
            RangedReads blobs = new RangedReads(BlobStore.directory(dir.resolve("store")));
            GitStore git = GitStore.create(bed.db, blobs, dir.resolve("scratch"), bed.clock);
            List<ObjectId> objects = new ArrayList<>();
            Random random = new Random(5);
            for (int i = 0; i < 9; i++) { // one pack each: more than the store keeps before compacting
                byte[] content = new byte[300 << 10]; // incompressible, so the pack is as large
                random.nextBytes(content);
                try (Repository r = git.open(repo.id()); ObjectInserter in = r.newObjectInserter()) {
                    objects.add(in.insert(Constants.OBJ_BLOB, content));
                    in.flush();
                }
            }
            try (Repository r = git.open(repo.id())) {
                git.compactIfNeeded(r);
            }
            long stored = 0;
            try (Repository r = git.open(repo.id())) {
                DfsPackFile[] packs = ((DfsRepository) r).getObjectDatabase().getPacks();
                assertThat(packs).as("compacted into one").hasSize(1);
                for (PackExt ext : PackExt.values()) {
                    stored += Math.max(0, packs[0].getPackDescription().getFileSize(ext));
                }
            }
            assertThat(stored).as("the compacted pack and its index").isGreaterThan(9L * (300 << 10));

            blobs.fetched.set(0);
            try (Repository r = git.open(repo.id())) {
                for (ObjectId id : objects) {
                    assertThat(r.open(id).getSize()).isEqualTo(300 << 10);
                    assertThat(r.open(id).getBytes()).hasSize(300 << 10);
                }
            }
            // 64 KiB cache blocks each fetching a 1 MiB window read it 13 times over (36.4 MB for 2.8 MB)
            assertThat(blobs.fetched.get()).isPositive().isLessThanOrEqualTo(stored);
        }
    }

    /** The directory store read as S3 is: no local file, every read a ranged GET, the bytes fetched counted. */
    private static final class RangedReads implements BlobStore {
        private final BlobStore store;
        final AtomicLong fetched = new AtomicLong();

        RangedReads(BlobStore store) {
            this.store = store;
        }

        @Override
        public void put(String name, InputStream in) {
            store.put(name, in);
        }

        @Override
        public InputStream open(String name, long start, long end) {
            return store.open(name, start, end);
        }

        @Override
        public byte[] getRange(String name, long start, long end) {
            byte[] bytes = store.getRange(name, start, end);
            fetched.addAndGet(bytes.length);
            return bytes;
        }

        @Override
        public Optional<Path> localFile(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Info> stat(String name) {
            return store.stat(name);
        }

        @Override
        public List<Info> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public void delete(String name) {
            store.delete(name);
        }
    }
}
