package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.chorus.server.fl.FlFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The federated pages and read API over HTTP: only site admins see them (anonymous: sign-in page or 401; a signed-in
 * writer: 403, as for creating a task), the admin pauses, resumes and stops a task from its page with CSRF, the task
 * form refuses a bad value with the API's message, and hostile ids and names are refused before SQL.
 */
abstract class FederatedPagesContract extends ServerContract {
    static final String ADMIN = ServerFixture.ADMIN_TOKEN;
    String bob;
    String task;

    /** A federation with no node, and a task that waits for nodes (so it stays running). */
    @BeforeEach
    void seed() {
        bob = WebFixtures.user(server, "bob");
        task = waitingTask(server);
    }

    /** Federation "labs" with no node and its task "waits" on base model admin/base; returns the task's id. */
    static String waitingTask(ServerFixture server) {
        FlFixtures.baseModel(server, "base");
        assertThat(server.send("POST", "/api/chorus/federations", ADMIN, "{\"name\":\"labs\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> t = server.send("POST", "/api/chorus/federated/tasks", ADMIN, "{\"federation\":\"labs\",\"name\":\"waits\","
                + "\"baseRepo\":\"admin/base\",\"baseRevision\":\"main\",\"strategy\":\"fedavg\",\"rounds\":2,\"clientsPerRound\":2,"
                + "\"minClients\":2,\"overSelection\":1.0,\"roundTimeoutMs\":600000,\"maxAttempts\":1,\"evaluateEvery\":0}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return json(t).path("id").asText();
    }

    WebClient signedIn(String user, String password) {
        WebClient web = new WebClient(server.url());
        assertThat(web.signIn(user, password).statusCode()).isEqualTo(303);
        return web;
    }

    @Test
    void onlySiteAdminsSeeTheFederatedPagesAndApi() {
        List<String> pages = List.of("/federations", "/federated/tasks", "/federated/tasks/" + task, "/federated/tasks/" + task + "/timeline");
        List<String> apis = List.of("/api/chorus/federations", "/api/chorus/federations/labs/nodes", "/api/chorus/federated/tasks",
                "/api/chorus/federated/tasks/" + task, "/api/chorus/federated/tasks/" + task + "/rounds");
        WebClient anonymous = new WebClient(server.url());
        WebClient writer = signedIn("bob", WebFixtures.PASSWORD);
        WebClient admin = signedIn("admin", ADMIN);

        for (String page : pages) {
            HttpResponse<String> a = anonymous.get(page);
            assertThat(a.statusCode()).as("anonymous " + page).isEqualTo(303);
            assertThat(a.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).startsWith("/login?next="));
            assertThat(writer.get(page).statusCode()).as("writer " + page).isEqualTo(403);
            assertThat(admin.get(page).statusCode()).as("admin " + page).isEqualTo(200);
        }
        for (String api : apis) {
            assertThat(server.get(api, null).statusCode()).as("anonymous " + api).isEqualTo(401);
            assertThat(server.get(api, bob).statusCode()).as("writer " + api).isEqualTo(403);
            assertThat(server.get(api, ADMIN).statusCode()).as("admin " + api).isEqualTo(200);
        }
        String page = admin.get("/federated/tasks/" + task).body();
        assertThat(page).contains("waits").contains("fedavg").contains("hx-trigger=\"every 3s\"").contains("Pause").contains("Stop");
        assertThat(admin.get("/federations").body()).contains("labs").contains("No node has joined yet");
        var rounds = json(server.get("/api/chorus/federated/tasks/" + task + "/rounds", ADMIN));
        assertThat(rounds.path("taskId").asText()).isEqualTo(task);
        assertThat(rounds.path("rounds").asInt()).isEqualTo(2);
        assertThat(rounds.path("timeline").isArray()).isTrue();
    }

    @Test
    void theAdminPausesResumesAndStopsATaskFromItsPageAndOthersCannot() {
        WebClient writer = signedIn("bob", WebFixtures.PASSWORD);
        WebClient admin = signedIn("admin", ADMIN);
        String adminCsrf = admin.csrf("/federated/tasks/" + task);
        String writerCsrf = writer.csrf("/settings/profile");

        int byWriter = writer.post("/federated/tasks/" + task + "/pause", Map.of("_csrf", writerCsrf)).statusCode();
        String afterWriter = status();
        int withoutCsrf = admin.post("/federated/tasks/" + task + "/pause", Map.of()).statusCode();
        int paused = admin.post("/federated/tasks/" + task + "/pause", Map.of("_csrf", adminCsrf)).statusCode();
        String afterPause = status();
        int resumed = admin.post("/federated/tasks/" + task + "/resume", Map.of("_csrf", adminCsrf)).statusCode();
        String afterResume = status();
        int stopped = admin.post("/federated/tasks/" + task + "/stop", Map.of("_csrf", adminCsrf)).statusCode();
        String afterStop = status();
        int again = admin.post("/federated/tasks/" + task + "/stop", Map.of("_csrf", adminCsrf)).statusCode();
        String ended = admin.get("/federated/tasks/" + task).body();

        assertThat(byWriter).isEqualTo(403);
        assertThat(afterWriter).isEqualTo("running");
        assertThat(withoutCsrf).isEqualTo(403);
        assertThat(paused).isEqualTo(303);
        assertThat(afterPause).isEqualTo("paused");
        assertThat(resumed).isEqualTo(303);
        assertThat(afterResume).isEqualTo("running");
        assertThat(stopped).isEqualTo(303);
        assertThat(afterStop).isEqualTo("cancelled");
        assertThat(again).as("a task that ended is a conflict, as in the API").isEqualTo(409);
        assertThat(ended).as("an ended task's page stops polling").doesNotContain("hx-trigger").doesNotContain(">Stop<");
    }

    @Test
    void theTaskFormChecksAsTheApiAndHostileInputIsRefused() {
        WebClient admin = signedIn("admin", ADMIN);
        String csrf = admin.csrf("/federated/tasks");
        Map<String, String> form = new java.util.HashMap<>(Map.ofEntries(Map.entry("_csrf", csrf), Map.entry("federation", "labs"),
                Map.entry("name", "<img src=x onerror=alert(1)>"), Map.entry("baseRepo", "admin/base"), Map.entry("baseRevision", "main"),
                Map.entry("publishRepo", ""), Map.entry("strategy", "fedavg"), Map.entry("rounds", "0"), Map.entry("clientsPerRound", "2"),
                Map.entry("minClients", "2"), Map.entry("roundTimeoutS", "600"), Map.entry("privacy", "none"), Map.entry("noiseMultiplier", "1"),
                Map.entry("clipNorm", "1"), Map.entry("epsilonBudget", "0")));

        HttpResponse<String> zeroRounds = admin.post("/federated/tasks", form);
        form.put("rounds", "1");
        form.put("publishRepo", "bob/not-there");
        HttpResponse<String> missingRepo = admin.post("/federated/tasks", form);
        form.put("publishRepo", "");
        HttpResponse<String> started = admin.post("/federated/tasks", form);
        HttpResponse<String> hostileId = server.get("/api/chorus/federated/tasks/%3Cscript%3E/rounds", ADMIN);
        HttpResponse<String> hostileName = server.get("/api/chorus/federations/a%07b/nodes", ADMIN);
        HttpResponse<String> hostilePage = admin.get("/federated/tasks/%3Cscript%3E");

        assertThat(zeroRounds.statusCode()).isEqualTo(400);
        assertThat(zeroRounds.body()).contains("rounds must be at least 1").contains("value=\"&lt;img src=x onerror=alert(1)").doesNotContain("<img src=x");
        assertThat(missingRepo.statusCode()).isEqualTo(404);
        assertThat(started.statusCode()).isEqualTo(303);
        String id = started.headers().firstValue("Location").orElseThrow().substring("/federated/tasks/".length());
        assertThat(admin.get("/federated/tasks/" + id).body()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
        assertError(hostileId, 404, "no such task");
        assertThat(hostileId.body()).doesNotContain("script");
        assertError(hostileName, 400, "control");
        assertThat(hostilePage.statusCode()).isEqualTo(404);
    }

    private String status() {
        return json(server.get("/api/chorus/federated/tasks/" + task, ADMIN)).path("status").asText();
    }
}
