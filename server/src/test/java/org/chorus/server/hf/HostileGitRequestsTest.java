package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.chorus.server.StderrCapture;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not git's protocol, sent to fetch and push — by anyone, for a public repository's fetch — are the
 * client's mistake: a 4xx (or git's own error line), and one log line without a stack trace. JGit's default handlers
 * answered 500 and logged each as an internal error with its trace.
 */
class HostileGitRequestsTest extends ServerContract {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Override
    protected ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }

    @Test
    void garbageAndUnknownWantsAreClientErrorsWithoutAStackTrace() throws Exception {
        // Prepare: a public repository with one commit
        String alice = publicRepositoryWithOneCommit();
        String unknownWant = "0032want " + "0".repeat(40) + "\n00000009done\n";
        String truncated = "0032want " + "1".repeat(20);
        List<HttpResponse<String>> answers = new ArrayList<>();

        // Execute
        String logged;
        try (StderrCapture log = new StderrCapture()) {
            for (String body : List.of("garbage", unknownWant, truncated, "ffff", "")) {
                answers.add(post("/alice/m.git/git-upload-pack", null, "application/x-git-upload-pack-request", body));
                answers.add(post("/alice/m.git/git-receive-pack", alice, "application/x-git-receive-pack-request", body));
            }
            logged = log.text();
        }

        // Assert
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.uri() + " → " + r.body()).isLessThan(500));
        // a request with git's content type is answered as git is, with the error line in a 200 that git shows
        assertThat(answers.get(0).statusCode()).isEqualTo(200);
        assertThat(answers.get(0).body()).contains("git upload-pack request refused");
        assertThat(logged).contains("git upload-pack request refused").doesNotContain("\tat ").doesNotContain("Internal error");
    }

    @Test
    void pushesOfACommitWithANulOrOfABranchClashingWithAFolderOfBranchesAreRefusedWithTheReason() throws Exception {
        // Prepare: a repository with branch a/b, and a clone with a commit whose message holds a NUL
        String alice = publicRepositoryWithOneCommit();
        assertThat(server.send("POST", "/api/models/alice/m/branch/a%2Fb", alice, "{}").statusCode()).isEqualTo(200);
        UsernamePasswordCredentialsProvider login = new UsernamePasswordCredentialsProvider("alice", alice);
        try (Git clone = Git.cloneRepository().setURI(server.url() + "/alice/m.git").setDirectory(dir.resolve("clone").toFile())
                .setCredentialsProvider(login).call()) {
            RevCommit withNul = clone.commit().setMessage("before\u0000after").setAllowEmpty(true).call();

            // Execute
            RemoteRefUpdate nul = push(clone, login, withNul.name() + ":refs/heads/main");
            RemoteRefUpdate folder = push(clone, login, "refs/heads/main:refs/heads/a");
            HttpResponse<String> byApi = server.send("POST", "/api/models/alice/m/branch/a", alice, "{}");

            // Assert
            assertThat(nul.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(nul.getMessage()).contains("NUL");
            assertThat(folder.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(folder.getMessage()).contains("'a' clashes with 'a/b'");
            assertThat(byApi.statusCode()).isEqualTo(409);
            assertThat(byApi.body()).contains("'a' clashes with 'a/b'").doesNotContain("retry");
        }
    }

    /** alice/m, public, with one commit on main; answers alice's write token. */
    private String publicRepositoryWithOneCommit() {
        String alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"b\"}}")
                .statusCode()).isEqualTo(200);
        return alice;
    }

    private static RemoteRefUpdate push(Git clone, UsernamePasswordCredentialsProvider login, String refSpec) throws Exception {
        Iterable<PushResult> results = clone.push().setCredentialsProvider(login).setRefSpecs(new RefSpec(refSpec)).call();
        return results.iterator().next().getRemoteUpdates().iterator().next();
    }

    private HttpResponse<String> post(String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
        if (token != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("alice:" + token).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
