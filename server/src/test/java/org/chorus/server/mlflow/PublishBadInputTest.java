package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.mlflow.PublishFixtures.API;
import static org.chorus.server.mlflow.PublishFixtures.ARTIFACTS;
import static org.chorus.server.mlflow.PublishFixtures.json;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and chorus:// sources refuse bad input with MLflow's error shape, and nothing is committed or relinked. */
class PublishBadInputTest {
    @TempDir
    Path dir;
    ServerFixture server;
    PublishFixtures f;
    String alice;
    String[] run;
    String version;

    @BeforeEach
    void setUp() {
        server = ServerFixture.sqlite(dir);
        f = new PublishFixtures(server);
        alice = f.user("alice", "write");
        run = f.run(alice, "bad-input");
        f.putArtifact(alice, run[1], run[0], "model/w.bin", "weights");
        version = f.version(alice, "m", "runs:/" + run[0] + "/model", run[0]);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static void assertError(HttpResponse<String> r, int status, String code, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(json(r).path("error_code").asText()).isEqualTo(code);
        assertThat(json(r).path("message").asText()).contains(messagePart);
    }

    private void assertStillLinkedToTheRun() {
        assertThat(json(server.get(API + "model-versions/get?name=m&version=" + version, null)).path("model_version").path("source").asText())
                .isEqualTo("runs:/" + run[0] + "/model");
    }

    @Test
    void unknownModelOrVersionIsResourceDoesNotExistAndMalformedFieldsAreRefused() {
        assertError(f.publish(alice, "nope", "1", "alice/x"), 404, "RESOURCE_DOES_NOT_EXIST", "nope");
        assertError(f.publish(alice, "m", "7", "alice/x"), 404, "RESOURCE_DOES_NOT_EXIST", "version=7");
        assertError(f.publish(alice, "m", "one", "alice/x"), 400, "INVALID_PARAMETER_VALUE", "integer");
        assertError(server.send("POST", API + "model-versions/publish", alice,
                "{\"name\":\"m\",\"version\":\"" + version + "\",\"repo\":\"alice/x\",\"private\":\"maybe\"}"), 400, "INVALID_PARAMETER_VALUE", "private");
        assertError(server.send("POST", API + "model-versions/publish", alice, "{\"name\":\"m\",\"version\":\"" + version + "\"}"),
                400, "INVALID_PARAMETER_VALUE", "'repo'");
        assertThat(server.get("/api/models/alice/x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void versionWithoutARunOrWithoutArtifactsIsRefused() {
        String noRun = f.version(alice, "m", "mlflow-artifacts:/" + run[1] + "/" + run[0] + "/artifacts/model", null);
        String noFiles = f.version(alice, "m", "runs:/" + run[0] + "/missing", run[0]);
        String mlflowModel = f.version(alice, "m", "models:/other/1", run[0]);

        assertError(f.publish(alice, "m", noRun, "alice/x"), 400, "INVALID_PARAMETER_VALUE", "not registered from a run");
        assertError(f.publish(alice, "m", noFiles, "alice/x"), 400, "INVALID_PARAMETER_VALUE", "no artifacts under 'runs:/" + run[0] + "/missing'");
        assertError(f.publish(alice, "m", mlflowModel, "alice/x"), 400, "INVALID_PARAMETER_VALUE", "models:/other/1");
        assertThat(server.get("/api/models/alice/x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidRepositoryNamesAreRefused() {
        for (String repo : new String[] {"no-slash", "alice/bad name", "alice/../x", "alice/x/y", "/x", "alice/x.git"}) {
            assertError(f.publish(alice, "m", version, repo), 400, "INVALID_PARAMETER_VALUE", "");
        }
        assertError(f.publish(alice, "m", version, "ghost/x"), 404, "RESOURCE_DOES_NOT_EXIST", "ghost");
        assertStillLinkedToTheRun();
    }

    @Test
    void someoneElsesRepositoryOrNamespaceIsForbidden() {
        String bob = f.user("bob", "write");
        String bobsHead = f.repo(bob, "bob", "theirs", false, "# bob's\n");
        f.repo(bob, "bob", "hidden", true, "# hidden\n");

        assertError(f.publish(alice, "m", version, "bob/theirs"), 403, "PERMISSION_DENIED", "write");
        assertError(f.publish(alice, "m", version, "bob/hidden"), 403, "PERMISSION_DENIED", "bob");
        assertError(f.publish(alice, "m", version, "bob/new"), 403, "PERMISSION_DENIED", "bob");

        assertThat(json(server.get("/api/models/bob/theirs", null)).path("sha").asText()).isEqualTo(bobsHead);
        assertThat(server.get("/api/models/bob/new", null).statusCode()).isEqualTo(404);
        assertStillLinkedToTheRun();
    }

    @Test
    void organisationWritersMayPublishIntoItAndReadersMayNot() {
        String carol = f.user("carol", "write");
        f.ok("POST", "/api/chorus/orgs", alice, "{\"name\":\"lab\"}");
        f.ok("PUT", "/api/chorus/orgs/lab/members/carol", alice, "{\"role\":\"read\"}");
        String[] carolsRun = f.run(carol, "carols");
        f.putArtifact(carol, carolsRun[1], carolsRun[0], "model/w.bin", "carol's weights");
        String carolsVersion = f.version(carol, "c", "runs:/" + carolsRun[0] + "/model", carolsRun[0]);

        assertError(f.publish(carol, "c", carolsVersion, "lab/from-carol"), 403, "PERMISSION_DENIED", "lab");
        HttpResponse<String> byWriter = f.publish(alice, "m", version, "lab/from-alice");

        assertThat(byWriter.statusCode()).as(byWriter.body()).isEqualTo(200);
        assertThat(server.get("/lab/from-alice/resolve/main/w.bin", null).body()).isEqualTo("weights");
        assertThat(server.get("/api/models/lab/from-carol", null).statusCode()).isEqualTo(404);
    }

    @Test
    void publishingNeedsAWriteToken() {
        String reader = f.user("carol", "read");

        assertError(f.publish(null, "m", version, "alice/x"), 401, "UNAUTHENTICATED", "token");
        assertError(f.publish(reader, "m", version, "carol/x"), 403, "PERMISSION_DENIED", "");
        assertStillLinkedToTheRun();
    }

    @Test
    void chorusSourcesMustNameARevisionTheCallerCanWrite() {
        String bob = f.user("bob", "write");
        String head = f.repo(alice, "alice", "weights", false, "# w\n");
        String hidden = f.repo(bob, "bob", "hidden", true, "# h\n");
        String bobsPublic = f.repo(bob, "bob", "public", false, "# p\n");
        String absent = "0123456789abcdef0123456789abcdef01234567";

        assertError(create("chorus://bob/public@" + bobsPublic), 403, "PERMISSION_DENIED", "write");

        assertError(create("chorus://alice/missing@" + head), 404, "RESOURCE_DOES_NOT_EXIST", "alice/missing");
        assertError(create("chorus://alice/weights@" + absent), 404, "RESOURCE_DOES_NOT_EXIST", absent);
        assertError(create("chorus://bob/hidden@" + hidden), 404, "RESOURCE_DOES_NOT_EXIST", "bob/hidden");
        assertError(create("chorus://alice/weights@main"), 400, "INVALID_PARAMETER_VALUE", "40- or 64-hex-digit");
        HttpResponse<String> ok = create("chorus://alice/weights@" + head);

        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String created = json(ok).path("model_version").path("version").asText();
        assertThat(json(server.get(API + "model-versions/get-download-uri?name=m&version=" + created, null)).path("artifact_uri").asText())
                .isEqualTo("chorus://alice/weights@" + head);
        assertError(f.publish(alice, "m", created, "alice/x"), 400, "INVALID_PARAMETER_VALUE", "not registered from a run");
        assertThat(json(server.get(API + "model-versions/search?filter=name%3D%27m%27", null)).path("model_versions")).hasSize(2);
    }

    /** The supply-chain hijack: another writer relinking alice's version to their own repository. */
    @Test
    void someoneElsesVersionCannotBeRelinkedNorChanged() {
        String bob = f.user("bob", "write");

        assertError(f.publish(bob, "m", version, "bob/hijack"), 403, "PERMISSION_DENIED", "EDIT");
        assertError(server.send("POST", API + "model-versions/create", bob, "{\"name\":\"m\",\"source\":\"runs:/" + run[0] + "/model\"}"),
                403, "PERMISSION_DENIED", "EDIT");
        assertError(server.send("POST", API + "model-versions/transition-stage", bob, "{\"name\":\"m\",\"version\":\"" + version
                + "\",\"stage\":\"Production\"}"), 403, "PERMISSION_DENIED", "EDIT");
        assertError(server.send("DELETE", API + "registered-models/delete", bob, "{\"name\":\"m\"}"), 403, "PERMISSION_DENIED", "MANAGE");

        assertStillLinkedToTheRun();
        assertThat(json(server.get(API + "model-versions/get-download-uri?name=m&version=" + version, null)).path("artifact_uri").asText())
                .endsWith(run[0] + "/artifacts/model");
        assertThat(server.get("/api/models/bob/hijack", null).statusCode()).isEqualTo(404);
    }

    /** A version of one's own model whose source points into someone else's run copies nothing the caller may not read. */
    @Test
    void publishingNeverCopiesArtifactsTheCallerMayNotRead() {
        String bob = f.user("bob", "write");
        f.ok("POST", API + "experiments/permissions/create", alice, "{\"experiment_id\":\"" + run[1] + "\",\"username\":\"bob\","
                + "\"permission\":\"NO_PERMISSIONS\"}");
        String[] bobsRun = f.run(bob, "bobs");
        String viaPath = f.version(bob, "b", "mlflow-artifacts:/" + run[1] + "/" + run[0] + "/artifacts/model", bobsRun[0]);
        String viaRun = f.version(bob, "b", "runs:/" + run[0] + "/model", run[0]);

        assertError(f.publish(bob, "b", viaPath, "bob/stolen"), 404, "RESOURCE_DOES_NOT_EXIST", "No artifact");
        assertError(f.publish(bob, "b", viaRun, "bob/stolen"), 404, "RESOURCE_DOES_NOT_EXIST", run[0]);
        assertThat(server.get("/api/models/bob/stolen", null).statusCode()).isEqualTo(404);
        assertThat(server.get(ARTIFACTS + run[1] + "/" + run[0] + "/artifacts/model/w.bin", bob).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> create(String source) {
        return server.send("POST", API + "model-versions/create", alice, "{\"name\":\"m\",\"source\":\"" + source + "\"}");
    }
}
