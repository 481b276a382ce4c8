package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real git client clones a moved repository by its old URL: it follows the redirect on {@code info/refs}. */
class MovedRepoGitTest {
    @TempDir
    Path dir;

    @Test
    void gitClonesAMovedRepositoryByItsOldUrl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "needs git");
        try (ServerFixture server = ServerFixture.sqlite(dir.resolve("server"))) {
            String alice = HubFixtures.user(server, "alice", "write");
            assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"old\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
            assertThat(server.send("POST", "/api/repos/move", alice, "{\"fromRepo\":\"alice/old\",\"toRepo\":\"alice/new\"}").statusCode()).isEqualTo(200);

            HubFixtures.Result clone = HubFixtures.run(dir, Map.of("GIT_TERMINAL_PROMPT", "0"), 60,
                    "git", "clone", server.url() + "/alice/old", dir.resolve("clone").toString());

            assertThat(clone.exitCode()).as(clone.output()).isZero();
            assertThat(dir.resolve("clone/.gitattributes")).exists();
        }
    }
}
