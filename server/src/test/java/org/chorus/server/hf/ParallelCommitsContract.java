package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.chorus.server.ServerContract;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several clients committing disjoint files to one branch at once over HTTP, as the issue #13 review did: every
 * request lands (a commit naming a parent that has gone stale may be refused with 409, and only that), each
 * exactly once, in a linear history that git clones, with the repository's card row on the newest head.
 */
@Timeout(300)
abstract class ParallelCommitsContract extends ServerContract {
    @Override
    protected Path dataDir() {
        return dir.resolve("server");
    }

    static final int WRITERS = 6;
    static final int COMMITS_EACH = 6;
    /** A writer naming its parent reads the head again after each 409; it gives up after this many. */
    static final int MAX_STALE = 200;

    String alice;

    @BeforeEach
    void setUp() {
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    /** What one writer made: the commits it was answered, and every refusal it met. */
    record Landed(List<String> commits, List<String> refusals) {}

    @Test
    void writersWithoutParentCommitAllLandOnceInALinearHistory() throws Exception {
        List<Landed> landed = run(w -> false);

        assertThat(landed).allSatisfy(l -> assertThat(l.refusals()).isEmpty());
        assertHistory(landed);
    }

    @Test
    void writersNamingTheirParentAreRefusedOnlyAsStaleAndTheOthersNever() throws Exception {
        List<Landed> landed = run(w -> w % 2 == 0);

        for (int w = 0; w < WRITERS; w++) {
            if (w % 2 == 0) {
                assertThat(landed.get(w).refusals()).allSatisfy(body -> assertThat(body)
                        .containsAnyOf("is not the head of 'main'", "'main' moved while this change was being made"));
            } else {
                assertThat(landed.get(w).refusals()).as("writer %d gave no parent", w).isEmpty();
            }
        }
        assertHistory(landed);
    }

    private List<Landed> run(IntPredicate namesParent) throws Exception {
        List<Future<Landed>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                boolean withParent = namesParent.test(w);
                writers.add(pool.submit(() -> write(writer, withParent)));
            }
        }
        List<Landed> landed = new ArrayList<>();
        for (Future<Landed> f : writers) {
            landed.add(f.get());
        }
        return landed;
    }

    private Landed write(int writer, boolean withParent) {
        List<String> commits = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        while (commits.size() < COMMITS_EACH && refusals.size() < MAX_STALE) {
            String parent = withParent ? HubFixtures.json(server.get("/api/models/alice/m/revision/main", null)).path("sha").asText() : null;
            HttpResponse<String> r = server.send("POST", "/api/models/alice/m/commit/main", alice,
                    TwoNodesContract.commitBody(parent, path(writer, commits.size()), "w" + writer));
            if (r.statusCode() == 409 && withParent) {
                refusals.add(r.body());
                continue;
            }
            assertThat(r.statusCode()).as("writer %d: %s", writer, r.body()).isEqualTo(200);
            commits.add(HubFixtures.json(r).path("commitOid").asText());
        }
        return new Landed(commits, refusals);
    }

    static String path(int writer, int n) {
        return "w" + writer + "/f" + n + ".txt";
    }

    /** Clones with git and checks that each answered commit is there once, in order, with every file. */
    private void assertHistory(List<Landed> landed) throws Exception {
        Set<String> answered = new HashSet<>();
        landed.forEach(l -> answered.addAll(l.commits()));
        try (Git clone = Git.cloneRepository().setURI(server.url() + "/alice/m.git").setBare(true)
                .setDirectory(dir.resolve("clone").toFile()).call();
             RevWalk walk = new RevWalk(clone.getRepository())) {
            Repository git = clone.getRepository();
            RevCommit head = walk.parseCommit(git.exactRef(Constants.R_HEADS + "main").getObjectId());
            walk.markStart(head);
            List<RevCommit> history = new ArrayList<>();
            walk.forEach(history::add);
            Set<String> files = new HashSet<>();
            try (TreeWalk tree = new TreeWalk(git)) {
                tree.addTree(head.getTree());
                tree.setRecursive(true);
                while (tree.next()) {
                    files.add(tree.getPathString());
                }
            }

            assertThat(answered).as("every answered commit is distinct").hasSize(WRITERS * COMMITS_EACH);
            assertThat(history).as("the initial commit and one per request").hasSize(1 + WRITERS * COMMITS_EACH);
            assertThat(history).allSatisfy(c -> assertThat(c.getParentCount()).isLessThanOrEqualTo(1));
            assertThat(history.stream().map(RevCommit::name).toList()).containsAll(answered);
            for (int w = 0; w < WRITERS; w++) {
                for (int n = 0; n < COMMITS_EACH; n++) {
                    assertThat(files).contains(path(w, n));
                }
                assertThat(walkOrder(history, landed.get(w).commits())).as("writer %d's commits in the order answered", w).isSorted();
            }
            assertThat(HubFixtures.json(server.get("/api/models/alice/m", null)).path("sha").asText())
                    .as("the card row follows the newest head").isEqualTo(head.name());
        }
    }

    /** Positions of {@code commits} from the oldest end of the history. */
    private static List<Integer> walkOrder(List<RevCommit> newestFirst, List<String> commits) {
        List<String> names = newestFirst.stream().map(RevCommit::name).toList().reversed();
        return commits.stream().map(names::indexOf).toList();
    }
}
