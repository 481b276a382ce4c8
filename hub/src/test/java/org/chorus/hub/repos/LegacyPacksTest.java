package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.chorus.core.db.TestDatabases;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packs an older Chorus kept in the data directory move into the blob store at start, and read back from there. */
class LegacyPacksTest {
    @TempDir
    Path dir;

    @Test
    void legacyPacksMoveIntoTheBlobStoreAndStayReadable() throws Exception {
        Path legacy = dir.resolve("git"); // where HubTestBed, like Chorus before blobs, keeps packs
        try (HubTestBed bed = new HubTestBed(TestDatabases.sqlite(dir), dir)) {
            Principal ann = bed.user("ann", Role.WRITE);
            Repo repo = bed.model(ann, "m", false);
            String sha = bed.commit(ann, repo, HubTestBed.file("weights.txt", "w1"));
            Files.writeString(legacy.resolve(repo.id()).resolve(".tmp-123.pack"), "a crashed write");
            assertThat(packFiles(legacy)).isNotEmpty();

            BlobStore packs = BlobStore.directory(dir.resolve("store"));
            BlobStore.moveDirectory(legacy, packs);

            assertThat(packFiles(legacy)).as("moved, and the crashed write dropped").isEmpty();
            assertThat(packs.list(repo.id() + "/")).isNotEmpty().extracting(BlobStore.Info::name)
                    .allMatch(n -> n.startsWith(repo.id() + "/pack-"));
            try (Repository moved = GitStore.create(bed.db, packs, dir.resolve("scratch"), bed.clock).open(repo.id());
                 RevWalk walk = new RevWalk(moved)) {
                assertThat(moved.resolve("refs/heads/main").name()).isEqualTo(sha);
                TreeWalk file = TreeWalk.forPath(moved, "weights.txt", walk.parseCommit(moved.resolve(sha)).getTree());
                assertThat(moved.open(file.getObjectId(0)).getBytes()).asString(StandardCharsets.UTF_8).isEqualTo("w1");
            }
        }
    }

    private static java.util.List<Path> packFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pack")).toList();
        }
    }
}
