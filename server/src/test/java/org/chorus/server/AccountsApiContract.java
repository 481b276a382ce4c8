package org.chorus.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Accounts over real HTTP, including every kind of bad input the foundation must refuse with a 4xx. */
abstract class AccountsApiContract extends ServerContract {
    static final String ADMIN = ServerFixture.ADMIN_TOKEN;

    /** Stricter than {@link ServerContract#assertError}: JSON content type and an X-Error-Code header too. */
    static void assertCodedError(HttpResponse<String> r, int status, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(json(r).path("error").asText()).containsIgnoringCase(messagePart);
        assertThat(r.headers().firstValue("X-Error-Code")).isPresent();
    }

    private String createUserWithToken(String name, String role) {
        assertThat(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"" + name + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> t = server.send("POST", "/api/chorus/users/" + name + "/tokens", ADMIN,
                "{\"name\":\"main\",\"role\":\"" + role + "\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        return json(t).path("token").asText();
    }

    @Test
    void whoAmIAnswersInTheShapeTheHuggingFaceClientReads() {
        String alice = createUserWithToken("alice", "write");
        server.send("POST", "/api/chorus/orgs", alice, "{\"name\":\"lab\",\"fullname\":\"The Lab\"}");

        HttpResponse<String> r = server.get("/api/whoami-v2", alice);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("type").asText()).isEqualTo("user");
        assertThat(body.path("name").asText()).isEqualTo("alice");
        assertThat(body.path("id").asText()).matches("[0-9a-f]{24}");
        assertThat(body.path("fullname").asText()).isEqualTo("alice");
        assertThat(body.path("orgs").get(0).path("name").asText()).isEqualTo("lab");
        assertThat(body.path("orgs").get(0).path("type").asText()).isEqualTo("org");
        assertThat(body.path("auth").path("type").asText()).isEqualTo("access_token");
        assertThat(body.path("auth").path("accessToken").path("displayName").asText()).isEqualTo("main");
        assertThat(body.path("auth").path("accessToken").path("role").asText()).isEqualTo("write");
        assertThat(body.path("auth").path("accessToken").path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void missingUnknownAndRevokedTokensGet401() {
        String alice = createUserWithToken("alice", "read");
        String id = json(server.get("/api/chorus/users/alice/tokens", alice)).get(0).path("id").asText();
        assertThat(server.send("DELETE", "/api/chorus/users/alice/tokens/" + id, ADMIN, null).statusCode()).isEqualTo(204);

        assertCodedError(server.get("/api/whoami-v2", null), 401, "access token");
        assertCodedError(server.get("/api/whoami-v2", "hf_unknownTokenUnknownToken00"), 401, "invalid or revoked");
        assertCodedError(server.get("/api/whoami-v2", alice), 401, "invalid or revoked");
        assertCodedError(server.get("/health", "hf_unknownTokenUnknownToken00"), 401, "invalid or revoked");
    }

    @Test
    void validTokenWithoutRightsGets403() {
        String alice = createUserWithToken("alice", "write");
        String reader = createUserWithToken("bob", "read");

        assertCodedError(server.send("POST", "/api/chorus/users", alice, "{\"name\":\"mallory\"}"), 403, "site admin");
        assertCodedError(server.send("POST", "/api/chorus/orgs", reader, "{\"name\":\"org\"}"), 403, "read-only");
        assertCodedError(server.get("/api/chorus/users/alice/tokens", reader), 403, "only alice");
        assertThat(server.get("/api/chorus/users/mallory", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAndBadNamesGet400() {
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\": "), 400, "malformed JSON");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "[1,2]"), 400, "malformed JSON");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, ""), 400, "JSON object");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{}"), 400, "user name is required");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"" + "a".repeat(97) + "\"}"), 400, "longer than 96");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"../etc\"}"), 400, "must match");
        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"a b\"}"), 400, "must match");
        assertCodedError(server.send("PUT", "/api/chorus/orgs/x/members/y", ADMIN, "{\"role\":\"owner\"}"), 400, "role must be");
    }

    @Test
    void duplicateUsersGet409AndNothingChanges() {
        createUserWithToken("alice", "read");

        assertCodedError(server.send("POST", "/api/chorus/users", ADMIN, "{\"name\":\"ALICE\",\"fullname\":\"Impostor\"}"), 409, "already taken");

        assertThat(json(server.get("/api/chorus/users/alice", null)).path("fullname").asText()).isEqualTo("alice");
    }

    @Test
    void oversizedBodyGets413() {
        String huge = "{\"name\":\"" + "x".repeat(2 << 20) + "\"}";

        HttpResponse<String> r = server.send("POST", "/api/chorus/users", ADMIN, huge);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void orgAdminsManageMembersOverHttp() {
        String alice = createUserWithToken("alice", "write");
        createUserWithToken("bob", "write");
        assertThat(server.send("POST", "/api/chorus/orgs", alice, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> put = server.send("PUT", "/api/chorus/orgs/lab/members/bob", alice, "{\"role\":\"write\"}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode members = json(server.get("/api/chorus/orgs/lab/members", null));
        assertThat(members.toString()).contains("{\"user\":\"alice\",\"role\":\"admin\"}").contains("\"user\":\"bob\"");
        assertThat(server.send("DELETE", "/api/chorus/orgs/lab/members/bob", alice, null).statusCode()).isEqualTo(204);
    }

    @Test
    void tokenListingNeverShowsSecrets() {
        String alice = createUserWithToken("alice", "write");

        HttpResponse<String> r = server.get("/api/chorus/users/alice/tokens", alice);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"main\"").doesNotContain(alice).doesNotContain("\"token\"");
    }

    @Test
    void requestsGetIdsAndAppearInMetrics() {
        HttpResponse<String> traced = server.send("GET", "/api/whoami-v2", ADMIN, null);
        HttpResponse<String> unknown = server.get("/api/nothing-here", null);

        HttpResponse<String> metrics = server.get("/metrics", null);

        String id = traced.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
        assertThat(java.util.UUID.fromString(id).variant()).isEqualTo(2);
        assertThat(unknown.headers().firstValue("X-Request-Id")).isPresent().get().isNotEqualTo(id);
        assertCodedError(unknown, 404, "/api/nothing-here not found");
        assertThat(metrics.body()).containsPattern("chorus_http_requests_seconds_count\\{[^}]*route=\"/api/whoami-v2\"[^}]*status=\"200\"[^}]*} 1");
        assertThat(json(server.get("/health", null)).path("status").asText()).isEqualTo("ok");
    }
}
