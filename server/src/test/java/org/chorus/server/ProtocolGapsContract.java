package org.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smaller protocol gaps, each as a client meets it: huggingface_hub's create_repo without an organisation, errors
 * Jetty raises before routing, Range headers by RFC 9110, NDJSON commit bodies read strictly, and experiment
 * artifact locations outside the server's own artifact store.
 */
abstract class ProtocolGapsContract extends ServerContract {
    static final String TOKEN = ServerFixture.ADMIN_TOKEN;

    /** One raw HTTP/1.1 exchange, for requests java.net.http will not send; the answer as text. */
    String raw(String request) throws IOException {
        URI u = URI.create(server.url());
        try (Socket s = new Socket(u.getHost(), u.getPort()); InputStream in = s.getInputStream()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    HttpResponse<String> get(String path, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
        if (range != null) {
            b.header("Range", range);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> commit(String... lines) {
        return server.send("POST", "/api/models/admin/m/commit/main", TOKEN, String.join("\n", lines));
    }

    String mainSha() {
        return json(server.get("/api/models/admin/m", null)).path("sha").asText();
    }

    static final String HEADER = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}";

    void repoWithTenBytes() {
        assertThat(server.send("POST", "/api/repos/create", TOKEN, "{\"name\":\"m\",\"organization\":\"admin\"}").statusCode()).isEqualTo(200);
        assertThat(commit(HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"ten.txt\",\"content\":\"0123456789\"}}").statusCode()).isEqualTo(200);
    }

    @Test
    void createRepoWithoutOrganizationCreatesInTheCallersNamespace() {
        // What huggingface_hub's create_repo("x", repo_type=...) sends.
        HttpResponse<String> model = server.send("POST", "/api/repos/create", TOKEN, "{\"name\":\"x\",\"type\":\"model\"}");
        HttpResponse<String> dataset = server.send("POST", "/api/repos/create", TOKEN,
                "{\"name\":\"y\",\"organization\":null,\"type\":\"dataset\",\"private\":false}");
        HttpResponse<String> anonymous = server.send("POST", "/api/repos/create", null, "{\"name\":\"z\",\"type\":\"model\"}");

        assertThat(model.statusCode()).as(model.body()).isEqualTo(200);
        assertThat(json(model).path("name").asText()).isEqualTo("admin/x");
        assertThat(dataset.statusCode()).as(dataset.body()).isEqualTo(200);
        assertThat(server.get("/api/datasets/admin/y", null).statusCode()).isEqualTo(200);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> delete = server.send("DELETE", "/api/repos/delete", TOKEN, "{\"name\":\"x\",\"type\":\"model\"}");
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
        assertThat(server.get("/api/models/admin/x", null).statusCode()).isEqualTo(404);
    }

    @Test
    void errorsJettyRaisesBeforeRoutingAreJson() throws IOException {
        String nul = raw("GET /api/models/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String badHeader = raw("GET /api/2.0/mlflow/experiments/get HTTP/1.1\r\nHost: x\r\nBad Header\r\nConnection: close\r\n\r\n");
        String bigHeader = raw("GET /api/whoami-v2 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        String put = raw("PUT /api/models/a%00b HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(nul).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json")
                .contains("X-Error-Code: InvalidArgument").contains("{\"error\":\"malformed request").doesNotContain("<html>");
        assertThat(badHeader).startsWith("HTTP/1.1 400").contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"").doesNotContain("<html>");
        assertThat(bigHeader).startsWith("HTTP/1.1 431").contains("{\"error\":\"malformed request").doesNotContain("<html>");
        assertThat(put).startsWith("HTTP/1.1 400").contains("{\"error\":").doesNotContain("<html>");
    }

    @Test
    void rangeHeadersFollowRfc9110() {
        repoWithTenBytes();
        String file = "/admin/m/resolve/main/ten.txt";

        for (String ignored : List.of("bytes=5-2", "bytes=a-b", "bytes=5", "bytes=-", "items=0-1", "bytes=0-1,4-5")) {
            HttpResponse<String> r = get(file, ignored);
            assertThat(r.statusCode()).as(ignored).isEqualTo(200);
            assertThat(r.body()).as(ignored).isEqualTo("0123456789");
        }
        HttpResponse<String> clamped = get(file, "bytes=2-99");
        assertThat(clamped.statusCode()).isEqualTo(206);
        assertThat(clamped.body()).isEqualTo("23456789");
        assertThat(clamped.headers().firstValue("Content-Range")).hasValue("bytes 2-9/10");
        assertThat(get(file, "bytes=7-99999999999999999999999").body()).isEqualTo("789");
        for (String unsatisfiable : List.of("bytes=10-", "bytes=10-20", "bytes=-0")) {
            HttpResponse<String> r = get(file, unsatisfiable);
            assertThat(r.statusCode()).as(unsatisfiable).isEqualTo(416);
            assertThat(r.headers().firstValue("Content-Range")).as(unsatisfiable).hasValue("bytes */10");
        }
    }

    @Test
    void ndjsonCommitsAreReadStrictlyWithMessagesNamingLineAndField() {
        repoWithTenBytes();
        String head = mainSha();
        String oid = "b".repeat(64);

        assertError(commit(HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"78\",\"encoding\":\"hex\"}}"), 400,
                "line 2 of the commit: 'encoding' of file 'a' must be utf-8 or base64, not 'hex'");
        assertError(commit(HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":5}}"), 400,
                "line 2 of the commit: 'content' of file must be a string, not number");
        assertError(commit(HEADER, HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"x\"}}"), 400,
                "line 2 of the commit: a second header");
        assertError(commit(HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"!!\",\"encoding\":\"base64\"}}"), 400,
                "line 2 of the commit: 'content' of file 'a' is not valid base64");
        assertError(commit("{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"x\"}}", HEADER), 400,
                "line 1 of the commit: the first line must be the header");
        assertError(commit(HEADER, "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"oid\":\"" + oid + "\",\"size\":\"12\"}}"), 400,
                "line 2 of the commit: lfsFile 'w.bin' needs its size as a whole number of bytes");
        assertError(commit(HEADER, "[1]"), 400, "line 2 of the commit: not a JSON object");
        assertError(commit(HEADER, "{\"key\":\"file\",\"value\":\"a\"}"), 400, "line 2 of the commit: 'value' must be an object");
        assertError(server.send("POST", "/api/models/admin/m/preupload/main", TOKEN,
                "{\"files\":[{\"path\":\"p.bin\",\"size\":3,\"sample\":\"%%%\"}]}"), 400, "'sample' of file 'p.bin' is not valid base64");

        assertThat(mainSha()).isEqualTo(head);
        assertThat(commit(HEADER, "{\"key\":\"file\",\"value\":{\"path\":\"b64.txt\",\"content\":\"aGk=\",\"encoding\":\"base64\"}}")
                .statusCode()).isEqualTo(200);
        assertThat(get("/admin/m/resolve/main/b64.txt", null).body()).isEqualTo("hi");
    }

    @Test
    void artifactLocationsOutsideTheServersOwnStoreAreRefused() {
        String api = "/api/2.0/mlflow/experiments/";
        for (String location : List.of("file:///etc", "../../tmp/x", "s3://bucket/x", "mlflow-artifacts://elsewhere/1",
                "mlflow-artifacts:/0", "mlflow-artifacts:/1/../0", "mlflow-artifacts:/10")) {
            HttpResponse<String> r = server.send("POST", api + "create", TOKEN,
                    "{\"name\":\"e\",\"artifact_location\":" + JSON.valueToTree(location) + "}");
            assertThat(r.statusCode()).as(location + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
            assertThat(json(r).path("message").asText()).contains("artifact_location");
        }

        HttpResponse<String> own = server.send("POST", api + "create", TOKEN, "{\"name\":\"e\",\"artifact_location\":\"mlflow-artifacts:/1/custom\"}");
        HttpResponse<String> plain = server.send("POST", api + "create", TOKEN, "{\"name\":\"f\"}");

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).path("experiment_id").asText()).isEqualTo("1");
        String created = json(plain).path("experiment_id").asText();
        assertThat(json(server.get(api + "get?experiment_id=" + created, TOKEN)).path("experiment").path("artifact_location").asText())
                .isEqualTo("mlflow-artifacts:/" + created);
    }
}
