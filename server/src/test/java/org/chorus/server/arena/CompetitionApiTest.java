package org.chorus.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.ServerContract.assertError;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arena's API over real HTTP on one server: a competition from creation to its private leaderboard, bad input on
 * every route answered 4xx with a JSON message, and the permission matrix: no route gives a participant or an
 * anonymous caller the solution, the split or a private score before the competition closes.
 */
class CompetitionApiTest {
    static final String ADMIN = ServerFixture.ADMIN_TOKEN;
    static final String BASE = "/api/chorus/competitions";
    static final int ROWS = 100;

    @TempDir
    static Path dir;
    static ServerFixture server;
    static String host;
    static String alice;
    static String bob;
    static String reader;
    static final String[] truth = new String[ROWS];

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        host = user("hostess", "write");
        alice = user("alice", "write");
        bob = user("bob", "write");
        reader = user("reader", "read");
        Random random = new Random(11);
        for (int i = 0; i < ROWS; i++) {
            truth[i] = random.nextBoolean() ? "1" : "0";
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String user(String name, String role) {
        assertThat(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        return json(server.send("POST", "/api/chorus/users/" + name + "/tokens", ADMIN, "{\"name\":\"t\",\"role\":\"" + role + "\"}"))
                .path("token").asText();
    }

    static String spec(String name) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        return "{\"name\":\"" + name + "\",\"title\":\"Coins\",\"description\":\"Heads or tails.\",\"rules\":\"One account each.\","
                + "\"metric\":\"accuracy\",\"mode\":\"exact\",\"publicPercent\":30,\"phases\":[{\"name\":\"main\",\"start\":\"" + start
                + "\",\"end\":\"" + start.plusSeconds(30 * 86400) + "\",\"dailyCap\":5}]}";
    }

    static String spec(String name, String datasetRepo) {
        return spec(name).replaceFirst("^\\{", "{\"datasetRepo\":\"" + datasetRepo + "\",");
    }

    static void dataset(String token, String name, boolean isPrivate) {
        assertThat(server.send("POST", "/api/repos/create", token, "{\"name\":\"" + name + "\",\"type\":\"dataset\",\"private\":" + isPrivate + "}")
                .statusCode()).isBetween(200, 299);
    }

    static String predictions(java.util.function.IntPredicate right) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("c").append(i).append(',').append(right.test(i) ? truth[i] : truth[i].equals("1") ? "0" : "1").append('\n');
        }
        return csv.toString();
    }

    static HttpResponse<String> csv(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/csv");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    /** Every GET route of a competition (and the workers' read routes), as {@code token} sees it. */
    static List<HttpResponse<String>> everyRead(String name, String token) {
        List<HttpResponse<String>> out = new ArrayList<>();
        for (String path : List.of(BASE, BASE + "/" + name, BASE + "/" + name + "/solution", BASE + "/" + name + "/submissions",
                BASE + "/" + name + "/leaderboard", BASE + "/" + name + "/leaderboard?split=public", BASE + "/" + name + "/leaderboard?split=private",
                BASE + "/" + name + "/jobs", BASE + "/" + name + "/solution.csv", BASE + "/" + name + "/split",
                // the worker routes take worker tokens only, and no job's files or model ever carry the solution
                "/api/chorus/workers/jobs/any/files", "/api/chorus/workers/jobs/any/model", "/api/chorus/workers/jobs/any/model/solution.csv")) {
            out.add(server.get(path, token));
        }
        return out;
    }

    @Test
    void aCompetitionFromCreationToItsPrivateLeaderboard() {
        HttpResponse<String> created = server.send("POST", BASE, host, spec("coins"));
        String solution = "id,label\n" + String.join("\n", java.util.stream.IntStream.range(0, ROWS).mapToObj(i -> "c" + i + "," + truth[i]).toList());
        HttpResponse<String> upload = csv("PUT", BASE + "/coins/solution", host, solution);
        assertThat(server.send("POST", BASE + "/coins/join", alice, "{\"acceptRules\":true,\"team\":\"heads\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("POST", BASE + "/coins/join", bob, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);

        HttpResponse<String> a1 = csv("POST", BASE + "/coins/submissions?message=first", alice, predictions(i -> i % 4 != 0));
        // Bob is right only where Alice is too, and she is right on every odd row as well: she leads on any split the
        // secret seed can draw (a public part with no odd row among its 30 has odds below 1e-10).
        HttpResponse<String> b1 = csv("POST", BASE + "/coins/submissions?message=mine", bob, predictions(i -> i % 4 == 2));
        HttpResponse<String> board = server.get(BASE + "/coins/leaderboard", null);
        HttpResponse<String> select = server.send("PUT", BASE + "/coins/submissions/" + json(a1).path("id").asText() + "/selection", alice,
                "{\"selected\":true}");
        HttpResponse<String> jobs = server.get(BASE + "/coins/jobs", host);
        HttpResponse<String> close = server.send("POST", BASE + "/coins/close", host, null);
        HttpResponse<String> privateBoard = server.get(BASE + "/coins/leaderboard?split=private", null);
        HttpResponse<String> mine = server.get(BASE + "/coins/submissions", alice);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("host").asText()).isEqualTo("hostess");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(json(upload).path("testRows").asInt()).isEqualTo(ROWS);
        assertThat(a1.statusCode()).as(a1.body()).isEqualTo(201);
        assertThat(json(a1).path("status").asText()).isEqualTo("scored");
        assertThat(json(a1).has("publicScore")).isFalse();
        assertThat(json(a1).has("privateScore")).isFalse();
        assertThat(json(b1).path("team").asText()).isEqualTo("bob");
        assertThat(json(board).path("standings")).extracting(s -> s.path("team").asText()).containsExactly("heads", "bob");
        assertThat(select.statusCode()).as(select.body()).isEqualTo(200);
        assertThat(json(jobs)).hasSize(2).allSatisfy(j -> assertThat(j.path("state").asText()).isEqualTo("succeeded"));
        assertThat(close.statusCode()).isEqualTo(200);
        assertThat(json(privateBoard).path("standings").get(0).path("team").asText()).isEqualTo("heads");
        assertThat(json(privateBoard).path("standings").get(0).has("shakeUp")).isTrue();
        assertThat(json(mine).get(0).path("privateScore").isNumber()).isTrue();
    }

    @Test
    void participantsAndStrangersNeverSeeTheSolutionTheSplitOrPrivateScoresBeforeClose() {
        server.send("POST", BASE, host, spec("secret"));
        StringBuilder solution = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            solution.append("c").append(i).append(',').append(truth[i]).append('\n');
        }
        assertThat(csv("PUT", BASE + "/secret/solution", host, solution.toString()).statusCode()).isEqualTo(200);
        server.send("POST", BASE + "/secret/join", alice, "{\"acceptRules\":true}");
        HttpResponse<String> submitted = csv("POST", BASE + "/secret/submissions", alice, predictions(i -> i % 3 != 0));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);

        for (String caller : new String[] {alice, bob, reader, null}) {
            for (HttpResponse<String> r : everyRead("secret", caller)) {
                String body = r.body();
                assertThat(body).as(r.uri() + " as " + caller).doesNotContain("privateScore").doesNotContain("publicScore")
                        .doesNotContainIgnoringCase("seed").doesNotContain(solution.substring(0, 40));
                if (r.uri().getPath().endsWith("/jobs") || r.uri().getQuery() != null && r.uri().getQuery().contains("private")) {
                    assertThat(r.statusCode()).as(r.uri() + " as " + caller).isIn(401, 403);
                }
                if (r.uri().getPath().contains("solution") || r.uri().getPath().endsWith("/split")) {
                    assertThat(r.statusCode()).as(r.uri() + " as " + caller).isGreaterThanOrEqualTo(400);
                }
            }
        }
        HttpResponse<String> hostView = server.get(BASE + "/secret/submissions", host);
        assertThat(json(hostView).get(0).has("privateScore")).as("the host sees exact scores").isTrue();
        assertThat(csv("PUT", BASE + "/secret/solution", alice, solution.toString()).statusCode()).isEqualTo(403);
    }

    /** A competition links its dataset for every visitor: a private one's name must not be published, nor probed. */
    @Test
    void theDatasetMustBePublicAndIsShownOnlyToThoseWhoMayStillReadIt() {
        // Prepare
        dataset(host, "open-data", false);
        dataset(host, "own-secret", true);
        dataset(bob, "zzsecretdata", true);

        // Execute
        HttpResponse<String> ownPrivate = server.send("POST", BASE, host, spec("d1", "hostess/own-secret"));
        HttpResponse<String> othersPrivate = server.send("POST", BASE, alice, spec("d2", "bob/zzsecretdata"));
        HttpResponse<String> missing = server.send("POST", BASE, alice, spec("d2", "bob/zznosuchdata"));
        HttpResponse<String> created = server.send("POST", BASE, host, spec("d3", "hostess/open-data"));
        boolean shownWhilePublic = server.get(BASE + "/d3", null).body().contains("hostess/open-data");
        assertThat(server.send("PUT", "/api/datasets/hostess/open-data/settings", host, "{\"private\":true}").statusCode()).isEqualTo(200);
        List<HttpResponse<String>> strangers = new ArrayList<>();
        for (String caller : new String[] {alice, null}) {
            strangers.add(server.get(BASE + "/d3", caller));
            strangers.add(server.get(BASE, caller));
            strangers.add(server.get("/competitions/d3", caller));
        }
        JsonNode hostsView = json(server.get(BASE + "/d3", host));
        String hostsPage = server.get("/competitions/d3", host).body();

        // Assert
        assertError(ownPrivate, 400, "datasetRepo hostess/own-secret is not a public dataset repository on this hub");
        assertError(othersPrivate, 400, "datasetRepo bob/zzsecretdata is not a public dataset repository on this hub");
        assertThat(othersPrivate.body()).isEqualTo(missing.body().replace("zznosuchdata", "zzsecretdata"));
        assertThat(server.get(BASE + "/d1", null).statusCode()).as("nothing created").isEqualTo(404);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(shownWhilePublic).isTrue();
        for (HttpResponse<String> r : strangers) {
            assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
            assertThat(r.body()).as(r.uri().toString()).doesNotContain("open-data");
        }
        assertThat(hostsView.path("datasetRepo").asText()).isEqualTo("hostess/open-data");
        assertThat(hostsPage).contains("href=\"/datasets/hostess/open-data\"");
    }

    @Test
    void badInputOnEveryRouteIsA4xxWithAMessage() {
        server.send("POST", BASE, host, spec("bad"));
        csv("PUT", BASE + "/bad/solution", host, "id,label\nc0,1\nc1,0\nc2,1\n");
        server.send("POST", BASE + "/bad/join", alice, "{\"acceptRules\":true}");

        assertError(server.send("POST", BASE, host, "{\"name\": "), 400, "malformed JSON");
        assertError(server.send("POST", BASE, host, spec("x").replace("accuracy", "vibes")), 400, "unknown metric 'vibes'");
        assertError(server.send("POST", BASE, host, spec("y").replace("\"phases\"", "\"nophases\"")), 400, "phases is required");
        assertError(server.send("POST", BASE, host, spec("../z")), 400, "must match");
        assertError(server.send("POST", BASE, host, spec("w").replace("exact", "ladder").replace("accuracy", "roc_auc")), 400, "per-example");
        assertError(server.send("POST", BASE, reader, spec("v")), 403, "read-only");
        assertError(server.send("POST", BASE, null, spec("u")), 401, "access token");
        assertError(server.send("POST", BASE, host, spec("bad")), 409, "");
        assertError(server.send("POST", BASE + "/bad/join", bob, "{}"), 400, "acceptRules");
        assertError(csv("POST", BASE + "/bad/submissions", bob, "id,label\nc0,1\n"), 403, "join bad first");
        assertError(csv("POST", BASE + "/bad/submissions", alice, "id,label\nc0,1\nc1\nc2,1\n"), 400, "submission line 3: 1 fields; expected 2");
        assertError(csv("POST", BASE + "/bad/submissions", alice, "id,label\nc0,1\nc1,0\n"), 400, "1 ids are missing, e.g. 'c2'");
        assertError(csv("POST", BASE + "/bad/submissions", alice, "id,label,extra\nc0,1,1\n"), 400, "wrong columns: expected id,label");
        assertError(csv("POST", BASE + "/bad/submissions", alice, "\u00ff"), 400, "");
        assertError(csv("POST", BASE + "/bad/submissions", alice, "a".repeat(2 << 20)), 413, "");
        assertError(server.send("PUT", BASE + "/bad/submissions/nope/selection", alice, "{\"selected\":true}"), 404, "no submission");
        assertError(server.send("PUT", BASE + "/bad/submissions/nope/selection", alice, "{}"), 400, "selected");
        assertError(server.get(BASE + "/bad/leaderboard?split=everything", null), 400, "split must be public or private");
        assertError(server.get(BASE + "/nosuch", null), 404, "no competition named 'nosuch'");
        assertError(server.send("POST", BASE + "/bad/close", alice, null), 403, "only the host");
        JsonNode none = json(server.get(BASE + "/bad/submissions", alice));
        assertThat(none).as("refused files are not stored").isEmpty();
    }
}
