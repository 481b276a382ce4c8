package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model registry's pages over HTTP: a version shows its stage, run and hub revision; the hub repository page says
 * "Registered as"; the owner edits aliases, stages and descriptions with the session's CSRF token, a reader sees no
 * form and is refused, and every page answers the status the MLflow API answers the same caller. Hostile names stay
 * text.
 */
abstract class RegistryPagesContract extends ServerContract {
    /** A registered model's name may hold any character: slashes, markup, quotes. */
    static final String MODEL = "fraud/<b>detector</b> \"v2\"";
    static final String ENCODED = URLEncoder.encode(MODEL, StandardCharsets.UTF_8);

    String alice;
    String bob;
    String commit;
    String runId;
    String experimentId;

    static String mlflow(ServerFixture server, String token, String call, Object body) {
        HttpResponse<String> r = server.send("POST", "/api/2.0/mlflow/" + call, token, WebFixtures.JSON.valueToTree(body).toString());
        assertThat(r.statusCode()).as(call + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** alice's model repository with one commit, an experiment and run, and version 1 of {@link #MODEL} pointing at both. */
    @BeforeEach
    void seed() throws Exception {
        alice = WebFixtures.user(server, "alice");
        bob = WebFixtures.user(server, "bob");
        WebFixtures.repo(server, alice, "model", "alice", "detector", false, null);
        commit = RepoFixtures.commit(server, alice, "model", "alice/detector", "weights", Map.of("README.md", "# detector\n".getBytes(StandardCharsets.UTF_8)));
        experimentId = json(server.send("POST", "/api/2.0/mlflow/experiments/create", alice, "{\"name\":\"fraud\"}")).path("experiment_id").asText();
        runId = WebFixtures.JSON.readTree(mlflow(server, alice, "runs/create", Map.of("experiment_id", experimentId))).path("run").path("info")
                .path("run_id").asText();
        mlflow(server, alice, "registered-models/create", Map.of("name", MODEL, "description", "first <i>cut</i>"));
        mlflow(server, alice, "model-versions/create", Map.of("name", MODEL, "source", "chorus://alice/detector@" + commit, "run_id", runId));
    }

    WebClient signedIn(String user) {
        WebClient web = new WebClient(server.url());
        assertThat(web.signIn(user, WebFixtures.PASSWORD).statusCode()).isEqualTo(303);
        return web;
    }

    @Test
    void aVersionLinksItsRunAndHubRevisionAndTheRepositorySaysRegisteredAs() {
        WebClient web = signedIn("alice");

        String list = web.get("/registry").body();
        String model = web.get("/registry/model?name=" + ENCODED).body();
        String version = web.get("/registry/version?name=" + ENCODED + "&version=1").body();
        String card = web.get("/alice/detector").body();

        assertThat(list).contains("href=\"/registry/model?name=" + ENCODED + "\"").doesNotContain("<b>detector</b>");
        assertThat(model).contains("fraud/&lt;b&gt;detector&lt;/b&gt;").doesNotContain("<b>detector</b>").doesNotContain("<i>cut</i>")
                .contains("href=\"/experiments/" + experimentId + "/runs/" + runId + "\"")
                .contains("href=\"/alice/detector/tree/" + commit + "\"")
                .contains(">None<").contains("Set alias");
        assertThat(version).contains("chorus://alice/detector@" + commit).contains("href=\"/experiments/" + experimentId + "/runs/" + runId + "\"");
        assertThat(card).contains("Registered as").contains("href=\"/registry/version?name=" + ENCODED + "&amp;version=1\"")
                .contains("href=\"/alice/detector/tree/" + commit + "\"");
    }

    @Test
    void theOwnerEditsAliasesStagesAndDescriptionsAndAReaderIsRefused() {
        WebClient owner = signedIn("alice");
        WebClient reader = signedIn("bob");
        String ownerCsrf = owner.csrf("/registry/model?name=" + ENCODED);
        String readerCsrf = reader.csrf("/settings/profile");

        HttpResponse<String> alias = owner.post("/registry/model/alias", Map.of("_csrf", ownerCsrf, "name", MODEL, "alias", "champion", "version", "1"));
        HttpResponse<String> stage = owner.post("/registry/version/stage", Map.of("_csrf", ownerCsrf, "name", MODEL, "version", "1", "stage", "Production"));
        HttpResponse<String> described = owner.post("/registry/version/description",
                Map.of("_csrf", ownerCsrf, "name", MODEL, "version", "1", "description", "<script>alert(1)</script>"));
        HttpResponse<String> badStage = owner.post("/registry/version/stage", Map.of("_csrf", ownerCsrf, "name", MODEL, "version", "1", "stage", "Heaven"));
        HttpResponse<String> noCsrf = owner.post("/registry/model/description", Map.of("name", MODEL, "description", "changed"));
        HttpResponse<String> readerPost = reader.post("/registry/model/description", Map.of("_csrf", readerCsrf, "name", MODEL, "description", "mine"));
        HttpResponse<String> readerAlias = reader.post("/registry/model/alias", Map.of("_csrf", readerCsrf, "name", MODEL, "alias", "x", "version", "1"));
        String readerPage = reader.get("/registry/model?name=" + ENCODED).body();
        String anonymousPage = new WebClient(server.url()).get("/registry/version?name=" + ENCODED + "&version=1").body();

        assertThat(alias.statusCode()).isEqualTo(303);
        assertThat(stage.statusCode()).isEqualTo(303);
        assertThat(described.statusCode()).isEqualTo(303);
        assertThat(badStage.statusCode()).as("a refused value is shown on the page with the API's status").isEqualTo(400);
        assertThat(badStage.body()).contains("form-error");
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(readerPost.statusCode()).isEqualTo(403);
        assertThat(readerAlias.statusCode()).isEqualTo(403);
        var model = json(server.get("/api/2.0/mlflow/registered-models/get?name=" + ENCODED, alice)).path("registered_model");
        assertThat(model.path("description").asText()).as("neither the CSRF-less post nor the reader's changed it").isEqualTo("first <i>cut</i>");
        assertThat(model.path("aliases").toString()).contains("champion").doesNotContain("\"x\"");
        var v1 = json(server.get("/api/2.0/mlflow/model-versions/get?name=" + ENCODED + "&version=1", alice)).path("model_version");
        assertThat(v1.path("current_stage").asText()).isEqualTo("Production");
        assertThat(readerPage).contains("champion").contains("Production").doesNotContain("Set alias").doesNotContain("Save description")
                .doesNotContain("name=\"_csrf\" value=\"\"");
        assertThat(anonymousPage).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)").doesNotContain("Move");
    }

    @Test
    void pagesAnswerWhatTheApiAnswersTheSameCaller() {
        // a model bob owns and takes the default READ away from alice on
        mlflow(server, bob, "registered-models/create", Map.of("name", "bobs"));
        mlflow(server, bob, "registered-models/permissions/create", Map.of("name", "bobs", "username", "alice", "permission", "NO_PERMISSIONS"));
        String hidden = "/registry/model?name=bobs";
        String apiHidden = "/api/2.0/mlflow/registered-models/get?name=bobs";
        WebClient web = signedIn("alice");

        int missingPage = web.get("/registry/model?name=nothing-here").statusCode();
        int missingApi = server.get("/api/2.0/mlflow/registered-models/get?name=nothing-here", alice).statusCode();
        int badVersion = web.get("/registry/version?name=" + ENCODED + "&version=abc").statusCode();
        int noName = web.get("/registry/model").statusCode();
        int seenPage = web.get(hidden).statusCode();
        int seenApi = server.get(apiHidden, alice).statusCode();

        assertThat(missingPage).isEqualTo(missingApi).isEqualTo(404);
        assertThat(badVersion).isEqualTo(400);
        assertThat(noName).isEqualTo(400);
        assertThat(seenApi).as("the API refuses alice").isIn(403, 404);
        assertThat(seenPage).isEqualTo(seenApi);
        assertThat(web.get("/registry").body()).as("nor does the list show it").doesNotContain("bobs");
    }
}
