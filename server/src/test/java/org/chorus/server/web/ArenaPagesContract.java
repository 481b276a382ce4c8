package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The competition pages over HTTP: a host creates a competition and uploads its solution through the forms,
 * participants accept the rules, form and merge teams, submit CSV files (a refused one shows the API's message and
 * does not count), select for the final and see the private leaderboard with its shake-up once the host closes; the
 * permission matrix of the pages (the host tab is 404 to everyone else, no page shows a participant an exact or
 * private score before close); hostile input on the forms.
 */
abstract class ArenaPagesContract extends ServerContract {
    static final String API = "/api/chorus/competitions";
    static final int ROWS = 100;
    final String[] truth = new String[ROWS];
    String host;
    String alice;
    String bob;

    @BeforeEach
    void seed() {
        host = WebFixtures.user(server, "hostess");
        alice = WebFixtures.user(server, "alice");
        bob = WebFixtures.user(server, "bob");
        WebFixtures.user(server, "carol");
        // the public dataset the host's form names
        assertThat(server.send("POST", "/api/repos/create", host, "{\"name\":\"coins-data\",\"type\":\"dataset\"}").statusCode()).isBetween(200, 299);
        Random random = new Random(7);
        for (int i = 0; i < ROWS; i++) {
            truth[i] = random.nextBoolean() ? "1" : "0";
        }
    }

    WebClient signedIn(String user) {
        WebClient web = new WebClient(server.url());
        assertThat(web.signIn(user, user.equals("admin") ? ServerFixture.ADMIN_TOKEN : WebFixtures.PASSWORD).statusCode()).isEqualTo(303);
        return web;
    }

    String solution() {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append('c').append(i).append(',').append(truth[i]).append('\n');
        }
        return csv.toString();
    }

    byte[] predictions(IntPredicate right) {
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append('c').append(i).append(',').append(right.test(i) ? truth[i] : truth[i].equals("1") ? "0" : "1").append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    Map<String, String> form(String csrf) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.DAYS);
        Map<String, String> f = new HashMap<>(Map.ofEntries(Map.entry("_csrf", csrf), Map.entry("name", "coins"), Map.entry("title", "Coins"),
                Map.entry("description", "Heads or **tails**."), Map.entry("rules", "One account each."), Map.entry("datasetRepo", "hostess/coins-data"),
                Map.entry("metric", "accuracy"), Map.entry("k", ""), Map.entry("mode", "exact"), Map.entry("roundDigits", "5"),
                Map.entry("publicPercent", "30"), Map.entry("maxTeamSize", "3"), Map.entry("selectionLimit", "2"), Map.entry("mergeDeadline", ""),
                Map.entry("phaseName0", "main"), Map.entry("phaseStart0", start.toString().substring(0, 16)),
                Map.entry("phaseEnd0", start.plus(30, ChronoUnit.DAYS).toString().substring(0, 16)), Map.entry("phaseCap0", "5")));
        for (int i = 1; i < 3; i++) {
            for (String field : List.of("phaseName", "phaseStart", "phaseEnd", "phaseCap")) {
                f.put(field + i, "");
            }
        }
        return f;
    }

    /** A score as the pages print it: five decimals. */
    static String score(double v) {
        return String.format(java.util.Locale.ROOT, "%.5f", v);
    }

    /** The competition "coins" made through the API, with its solution, and Alice in team "heads" with one scored submission. */
    void competitionWithASubmission() {
        competitionWithASubmission(server, host, alice, solution(), new String(predictions(i -> i % 3 != 0), StandardCharsets.UTF_8));
    }

    /**
     * The competition "coins" of {@code host} made through the API, with {@code solution}, and {@code participant} in
     * team "heads" with one scored submission of {@code predictions} (also the pages' sweep's seed: EveryPageFitsScenariosTest).
     */
    static void competitionWithASubmission(ServerFixture server, String host, String participant, String solution, String predictions) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        assertThat(server.send("POST", API, host, "{\"name\":\"coins\",\"title\":\"Coins\",\"description\":\"Heads.\",\"rules\":\"Fair play.\","
                + "\"metric\":\"accuracy\",\"mode\":\"exact\",\"phases\":[{\"name\":\"main\",\"start\":\"" + start + "\",\"end\":\""
                + start.plusSeconds(30 * 86400) + "\",\"dailyCap\":5}]}").statusCode()).isEqualTo(201);
        assertThat(csv(server, "PUT", API + "/coins/solution", host, solution).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", API + "/coins/join", participant, "{\"acceptRules\":true,\"team\":\"heads\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> s = csv(server, "POST", API + "/coins/submissions?message=first", participant, predictions);
        assertThat(s.statusCode()).as(s.body()).isEqualTo(201);
    }

    HttpResponse<String> csv(String method, String path, String token, String body) {
        return csv(server, method, path, token, body);
    }

    static HttpResponse<String> csv(ServerFixture server, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + token);
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHostAndParticipantsRunACompetitionThroughThePages() {
        WebClient hostess = signedIn("hostess");
        WebClient a = signedIn("alice");
        WebClient b = signedIn("bob");
        WebClient c = signedIn("carol");

        HttpResponse<String> created = hostess.post("/competitions", form(hostess.csrf("/competitions/new")));
        String hostCsrf = hostess.csrf("/competitions/coins/host");
        HttpResponse<String> uploaded = hostess.postFile("/competitions/coins/host/solution", Map.of("_csrf", hostCsrf), "file", "solution.csv",
                solution().getBytes(StandardCharsets.UTF_8));
        String list = a.get("/competitions").body();
        String overview = a.get("/competitions/coins").body();
        String notJoined = a.get("/competitions/coins/submissions").body();
        String aCsrf = a.csrf("/competitions/coins/rules");
        HttpResponse<String> withoutAccepting = a.post("/competitions/coins/join", Map.of("_csrf", aCsrf, "team", "heads"));
        HttpResponse<String> joined = a.post("/competitions/coins/join", Map.of("_csrf", aCsrf, "team", "heads", "acceptRules", "on"));
        HttpResponse<String> bJoined = b.post("/competitions/coins/join", Map.of("_csrf", b.csrf("/competitions/coins/rules"), "acceptRules", "on"));
        HttpResponse<String> invited = a.post("/competitions/coins/team/invite", Map.of("_csrf", aCsrf, "user", "carol"));
        String carolsTeamPage = c.get("/competitions/coins/team").body();
        HttpResponse<String> accepted = c.post("/competitions/coins/team/accept", Map.of("_csrf", c.csrf("/competitions/coins/team"), "team", "heads",
                "acceptRules", "on"));
        String team = a.get("/competitions/coins/team").body();

        HttpResponse<String> wrongColumns = a.postFile("/competitions/coins/submissions", Map.of("_csrf", aCsrf, "message", "oops"), "file", "p.csv",
                "id,prediction\nc0,1\n".getBytes(StandardCharsets.UTF_8));
        int countedAfterRefusal = json(server.get(API + "/coins/submissions", alice)).size();
        HttpResponse<String> submitted = a.postFile("/competitions/coins/submissions", Map.of("_csrf", aCsrf, "message", "most right"), "file",
                "p.csv", predictions(i -> i % 4 != 0));
        // Bob is right only where Alice is, and she is right on every odd row too: she leads on any public split
        HttpResponse<String> bSubmitted = b.postFile("/competitions/coins/submissions", Map.of("_csrf", b.csrf("/competitions/coins/submissions"),
                "message", "guess"), "file", "p.csv", predictions(i -> i % 4 == 2));
        JsonNode mine = json(server.get(API + "/coins/submissions", alice)).get(0);
        String board = a.get("/competitions/coins/leaderboard").body();
        HttpResponse<String> selected = a.post("/competitions/coins/submissions/" + mine.path("id").asText() + "/selection",
                Map.of("_csrf", aCsrf, "selected", "true"));
        String submissions = a.get("/competitions/coins/submissions").body();
        String privateBeforeClose = a.get("/competitions/coins/leaderboard?split=private").body();
        String hostPage = hostess.get("/competitions/coins/host").body();
        HttpResponse<String> closed = hostess.post("/competitions/coins/host/close", Map.of("_csrf", hostCsrf));
        String privateAfterClose = a.get("/competitions/coins/leaderboard?split=private").body();
        JsonNode apiPrivate = json(server.get(API + "/coins/leaderboard?split=private", null)).path("standings");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/competitions/coins/host");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        assertThat(json(server.get(API + "/coins", null)).path("testRows").asInt()).isEqualTo(ROWS);
        assertThat(list).contains("href=\"/competitions/coins\"").contains("Coins").contains("hostess");
        assertThat(overview).contains("Heads or <strong>tails</strong>.").contains("href=\"/datasets/hostess/coins-data\"")
                .contains("100 rows: 30% score the public leaderboard").doesNotContain(">Host</a>");
        assertThat(notJoined).contains("id=\"not-joined\"").doesNotContain("enctype=\"multipart/form-data\"");
        assertThat(withoutAccepting.statusCode()).isEqualTo(400);
        assertThat(withoutAccepting.body()).contains("joining accepts the competition's rules");
        assertThat(joined.statusCode()).isEqualTo(303);
        assertThat(bJoined.statusCode()).isEqualTo(303);
        assertThat(invited.statusCode()).isEqualTo(303);
        assertThat(carolsTeamPage).contains("id=\"no-team\"").contains("Accept the invitation of heads");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
        assertThat(team).contains("Team heads").contains("<li>alice</li>").contains("<li>carol</li>");
        assertThat(wrongColumns.statusCode()).isEqualTo(400);
        assertThat(wrongColumns.body()).contains("wrong columns: expected id,label, got id,prediction");
        assertThat(countedAfterRefusal).isZero();
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
        assertThat(bSubmitted.statusCode()).as(bSubmitted.body()).isEqualTo(303);
        assertThat(mine.path("status").asText()).isEqualTo("scored");
        assertThat(board).contains("id=\"leaderboard\"").contains("<svg").contains("Best public score over time");
        assertThat(board.indexOf("<td>heads</td>")).isPositive().isLessThan(board.indexOf("<td>bob</td>"));
        assertThat(board).contains(score(mine.path("score").asDouble()));
        assertThat(selected.statusCode()).isEqualTo(303);
        assertThat(json(server.get(API + "/coins/submissions", alice)).get(0).path("selected").asBoolean()).isTrue();
        assertThat(submissions).contains("Selected for the final: 1 of at most 2").contains(">Unselect<").contains("most right")
                .doesNotContain("Exact public").doesNotContain(">Private<");
        assertThat(privateBeforeClose).contains("id=\"board-notice\"").doesNotContain("id=\"leaderboard\"").doesNotContain("Shake-up");
        assertThat(hostPage).contains("The solution has 100 rows").contains("id=\"jobs\"").contains(mine.path("id").asText());
        assertThat(closed.statusCode()).isEqualTo(303);
        assertThat(privateAfterClose).contains("Private leaderboard").contains("Shake-up").contains("<td>heads</td>");
        assertThat(privateAfterClose.indexOf("<td>heads</td>")).isLessThan(privateAfterClose.indexOf("<td>bob</td>"));
        assertThat(privateAfterClose).contains(score(apiPrivate.get(0).path("score").asDouble()));
    }

    @Test
    void theHostTabIsMissingToOthersAndNoPageShowsAParticipantAnExactOrPrivateScore() {
        competitionWithASubmission();
        JsonNode exact = json(server.get(API + "/coins/submissions", host)).get(0);
        double shown = exact.path("score").asDouble();
        WebClient anonymous = new WebClient(server.url());
        WebClient a = signedIn("alice");
        WebClient b = signedIn("bob");
        WebClient hostess = signedIn("hostess");
        WebClient admin = signedIn("admin");
        List<String> pages = List.of("/competitions", "/competitions/coins", "/competitions/coins/rules", "/competitions/coins/leaderboard",
                "/competitions/coins/leaderboard?split=private", "/competitions/coins/team", "/competitions/coins/submissions");

        for (WebClient web : List.of(a, b)) {
            for (String page : pages) {
                HttpResponse<String> r = web.get(page);
                assertThat(r.statusCode()).as(page).isEqualTo(200);
                assertThat(r.body()).as(page).doesNotContain("id,label").doesNotContain("Exact public").doesNotContain("Shake-up")
                        .doesNotContain("/competitions/coins/host");
                if (exact.path("privateScore").asDouble() != shown) {
                    assertThat(r.body()).as(page).doesNotContain(score(exact.path("privateScore").asDouble()));
                }
            }
            assertThat(web.get("/competitions/coins/host").statusCode()).isEqualTo(404);
            String csrf = web.csrf("/competitions/coins/team");
            assertThat(web.post("/competitions/coins/host/close", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
            assertThat(web.postFile("/competitions/coins/host/solution", Map.of("_csrf", csrf), "file", "s.csv",
                    "id,label\nc0,1\n".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
        }
        HttpResponse<String> anonymousHost = anonymous.get("/competitions/coins/host");
        assertThat(anonymousHost.statusCode()).isEqualTo(303);
        assertThat(anonymousHost.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login?next="));
        assertThat(anonymous.get("/competitions/coins/leaderboard").body()).contains("<td>heads</td>");
        assertThat(json(server.get(API + "/coins", null)).path("closedAt").isNull()).as("nobody but the host closed it").isTrue();
        assertThat(json(server.get(API + "/coins", null)).path("testRows").asInt()).as("the solution was not replaced").isEqualTo(ROWS);
        assertThat(hostess.get("/competitions/coins/host").statusCode()).isEqualTo(200);
        assertThat(admin.get("/competitions/coins/host").statusCode()).isEqualTo(200);
        assertThat(hostess.get("/competitions/coins/submissions").body()).contains("Exact public")
                .contains(score(exact.path("publicScore").asDouble())).contains("<td>heads</td>");
        assertThat(hostess.get("/competitions/coins/leaderboard?split=private").body()).contains("Shake-up");
        // the header: Competitions for everyone, Federations (admin-only pages) for site admins only
        assertThat(anonymous.get("/competitions").body()).contains("href=\"/competitions\"").doesNotContain("href=\"/federations\"");
        assertThat(a.get("/").body()).contains("href=\"/competitions\"").doesNotContain("href=\"/federations\"");
        assertThat(admin.get("/").body()).contains("href=\"/federations\"");
    }

    @Test
    void theHostRegistersAndRevokesWorkersOnTheHostTabAndSeesEachTokenOnce() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        assertThat(server.send("POST", API, host, "{\"name\":\"widgets\",\"title\":\"Widgets\",\"metric\":\"custom\",\"mode\":\"exact\","
                + "\"phases\":[{\"name\":\"main\",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(86400) + "\",\"dailyCap\":5}]}")
                .statusCode()).isEqualTo(201);
        WebClient hostess = signedIn("hostess");
        String csrf = hostess.csrf("/competitions/widgets/host");
        assertThat(hostess.get("/competitions/widgets/host").body()).contains("No worker yet");

        HttpResponse<String> added = hostess.post("/competitions/widgets/host/workers", Map.of("_csrf", csrf, "name", "gpu-box"));
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("value=\"(chw_[^\"]+)\"").matcher(added.body());

        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(shown.find()).as("the new token is on the page").isTrue();
        String token = shown.group(1);
        assertThat(hostess.get("/competitions/widgets/host").body()).as("not seen before it calls").contains("<td>never</td>");
        assertThat(claim(token).statusCode()).as("the token claims jobs; none is waiting").isEqualTo(204);
        assertThat(hostess.get("/competitions/widgets/host").body()).as("seen since its claim").contains("<td>gpu-box</td>")
                .doesNotContain(token).doesNotContain("<td>never</td>");
        HttpResponse<String> twice = hostess.post("/competitions/widgets/host/workers", Map.of("_csrf", csrf, "name", "GPU-box"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("already has a worker named");
        WebClient a = signedIn("alice");
        String aliceCsrf = a.csrf("/competitions/widgets");
        assertThat(a.post("/competitions/widgets/host/workers", Map.of("_csrf", aliceCsrf, "name", "mine")).statusCode()).isEqualTo(404);
        assertThat(a.post("/competitions/widgets/host/workers/gpu-box/remove", Map.of("_csrf", aliceCsrf)).statusCode()).isEqualTo(404);
        assertThat(claim(token).statusCode()).as("a participant's revoke changed nothing").isEqualTo(204);
        assertThat(hostess.post("/competitions/widgets/host/workers/gpu-box/remove", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        assertThat(claim(token).statusCode()).isEqualTo(401);
        assertThat(hostess.get("/competitions/widgets/host").body()).contains("No worker yet");
        competitionWithASubmission();
        assertThat(hostess.get("/competitions/coins/host").body()).as("scored by the server: no workers").doesNotContain("Register a worker");
    }

    HttpResponse<String> claim(String workerToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "/api/chorus/workers/claim?wait=0"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + workerToken);
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFormsRefuseHostileAndBadInputWithTheApisMessages() {
        WebClient hostess = signedIn("hostess");
        String csrf = hostess.csrf("/competitions/new");
        Map<String, String> hostile = form(csrf);
        hostile.put("name", "<script>alert(1)</script>");
        Map<String, String> noPhase = form(csrf);
        noPhase.put("phaseName0", "");
        Map<String, String> badNumber = form(csrf);
        badNumber.put("publicPercent", "many");

        HttpResponse<String> hostileName = hostess.post("/competitions", hostile);
        HttpResponse<String> withoutPhases = hostess.post("/competitions", noPhase);
        HttpResponse<String> notANumber = hostess.post("/competitions", badNumber);
        HttpResponse<String> withoutCsrf = hostess.post("/competitions", form("forged"));
        competitionWithASubmission();
        WebClient a = signedIn("alice");
        String aCsrf = a.csrf("/competitions/coins/submissions");
        HttpResponse<String> duplicate = a.postFile("/competitions/coins/submissions", Map.of("_csrf", aCsrf, "message", "dup"), "file", "p.csv",
                "id,label\nc0,1\nc0,1\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> noFile = a.post("/competitions/coins/submissions", Map.of("_csrf", aCsrf, "message", "none"));
        HttpResponse<String> missing = a.get("/competitions/%3Cscript%3E");
        HttpResponse<String> badSplit = a.get("/competitions/coins/leaderboard?split=secret");

        assertThat(hostileName.statusCode()).isEqualTo(400);
        assertThat(hostileName.body()).contains("competition name").contains("value=\"&lt;script>alert(1)&lt;/script>\"")
                .doesNotContain("<script>alert");
        assertThat(withoutPhases.statusCode()).isEqualTo(400);
        assertThat(withoutPhases.body()).contains("a competition needs 1 to 10 phases");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("public percent must be a whole number");
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("submission line 3: id 'c0' also appears on line 2");
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(noFile.body()).contains("choose a CSV file");
        assertThat(json(server.get(API + "/coins/submissions", alice)).size()).as("refused files do not count").isEqualTo(1);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(badSplit.statusCode()).isEqualTo(400);
    }

    @Test
    void aTeamThatSubmittedMergesIntoTheTeamThatInvitedItAndCannotLeave() {
        competitionWithASubmission();
        assertThat(server.send("POST", API + "/coins/join", bob, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);
        assertThat(csv("POST", API + "/coins/submissions?message=b", bob, new String(predictions(i -> i % 2 == 0), StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(201);
        WebClient a = signedIn("alice");
        WebClient b = signedIn("bob");

        HttpResponse<String> invited = a.post("/competitions/coins/team/invite", Map.of("_csrf", a.csrf("/competitions/coins/team"), "user", "bob"));
        String bobsTeamPage = b.get("/competitions/coins/team").body();
        String bCsrf = b.csrf("/competitions/coins/team");
        HttpResponse<String> withoutRules = b.post("/competitions/coins/team/accept", Map.of("_csrf", bCsrf, "team", "heads"));
        HttpResponse<String> merged = b.post("/competitions/coins/team/accept", Map.of("_csrf", bCsrf, "team", "heads", "acceptRules", "on"));
        String team = b.get("/competitions/coins/team").body();
        HttpResponse<String> leave = b.post("/competitions/coins/team/leave", Map.of("_csrf", bCsrf));
        JsonNode board = json(server.get(API + "/coins/leaderboard", null)).path("standings");

        assertThat(invited.statusCode()).isEqualTo(303);
        assertThat(bobsTeamPage).contains("Team bob").contains("Accept the invitation of heads");
        assertThat(withoutRules.statusCode()).isEqualTo(400);
        assertThat(withoutRules.body()).contains("joining a team accepts the competition's rules");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(303);
        assertThat(team).contains("Team heads").contains("<li>alice</li>").contains("<li>bob</li>").doesNotContain("Accept the invitation");
        assertThat(leave.statusCode()).isEqualTo(409);
        assertThat(leave.body()).contains("your team has submitted");
        assertThat(board).hasSize(1);
        assertThat(board.get(0).path("team").asText()).isEqualTo("heads");
        assertThat(board.get(0).path("submissions").asInt()).as("the merged team's submissions").isEqualTo(2);
    }

    @Test
    void aCompetitionThatTakesModelsAsksForAModelOnItsPagesAndResolvesItWithTheParticipantsRights() {
        WebClient hostess = signedIn("hostess");
        WebClient b = signedIn("bob");
        Map<String, String> f = form(hostess.csrf("/competitions/new"));
        f.put("models", "true");
        f.put("testInputs", "test.csv");
        HttpResponse<String> created = hostess.post("/competitions", f);
        assertThat(csv("PUT", API + "/coins/solution", host, solution()).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", API + "/coins/join", bob, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);
        for (String[] repo : List.of(new String[] {alice, "alice", "true"}, new String[] {bob, "bob", "false"})) {
            HttpResponse<String> r = server.send("POST", "/api/repos/create", repo[0], "{\"name\":\"m\",\"organization\":\"" + repo[1]
                    + "\",\"type\":\"model\",\"private\":" + repo[2] + "}");
            assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        }
        String page = b.get("/competitions/coins/submissions").body();
        String csrf = b.csrf("/competitions/coins/submissions");
        HttpResponse<String> notHis = b.post("/competitions/coins/submissions", Map.of("_csrf", csrf, "model", "alice/m", "revision", "", "message", "x"));
        HttpResponse<String> his = b.post("/competitions/coins/submissions", Map.of("_csrf", csrf, "model", "bob/m", "revision", "main", "message", "mine"));
        JsonNode listed = json(server.get(API + "/coins/submissions", bob));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(json(server.get(API + "/coins", null)).path("submissions").asText()).isEqualTo("model");
        assertThat(page).contains("Submit a model").contains("name=\"model\"").doesNotContain("type=\"file\"");
        assertThat(notHis.statusCode()).isEqualTo(404);
        assertThat(notHis.body()).contains("id=\"submit-error\"");
        assertThat(his.statusCode()).as(his.body()).isEqualTo(303);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("model").asText()).isEqualTo("bob/m");
        assertThat(b.get("/competitions/coins/submissions").body()).contains("model bob/m @");
        assertThat(b.get("/competitions/coins").body()).contains("workers on the test inputs (test.csv in the dataset)");
    }
}
