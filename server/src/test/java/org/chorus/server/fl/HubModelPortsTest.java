package org.chorus.server.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's hub port finds the commit a killed node made, so the node resuming its task does not make it twice. */
class HubModelPortsTest {
    @TempDir
    Path dir;

    @Test
    void headNamesTheLatestCommitOnlyWhenItsMessageMatches() {
        try (Database db = TestDatabases.sqlite(dir)) {
            Clock clock = Clock.systemUTC();
            Accounts.create(db, clock).bootstrap("hf_bootstrapSecretForTests0123");
            LargeFileStore lfs = LargeFileStore.directory(dir.resolve("lfs"));
            Repos repos = Repos.create(db, GitStore.create(db, dir.resolve("git"), clock), lfs, clock);
            repos.create(SystemPrincipal.INSTANCE, RepoId.of(RepoType.MODEL, "admin", "fl-out"), false);
            HubModelPorts ports = new HubModelPorts(repos, FileCommits.create(repos, lfs));

            ports.commit("admin/fl-out", "demo: round 1 of 2", Map.of("model.safetensors", new byte[] {1}));
            String second = ports.commit("admin/fl-out", "demo: round 2 of 2", Map.of("model.safetensors", new byte[] {2}));

            assertThat(ports.head("admin/fl-out", "demo: round 2 of 2")).contains(second);
            assertThat(ports.head("admin/fl-out", "demo: round 1 of 2")).as("an older commit is not the head").isEmpty();
        }
    }
}
