package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signed LFS URLs, Xet tokens and the signed xorb ranges of reconstructions stop working as soon as the access they
 * were minted with ends — the hub token revoked, the user removed from the owning organisation, the repository made
 * private — not when they expire; and they expire within the configured minutes.
 */
abstract class DerivedCredentialsContract extends ServerContract {

    String alice;
    String bobId;
    String bob;
    byte[] bytes;
    String oid;

    /** The derived credentials one caller holds for acme/m: an LFS download URL, a Xet read token and a xorb range URL. */
    record Held(String lfsUrl, String xetToken, String reconstruction, String xorbRange) {}

    @BeforeEach
    void setUp() throws Exception {
        alice = HubFixtures.user(server, "alice", "write");
        HubFixtures.user(server, "bob", "write");
        JsonNode t = HubFixtures.json(server.send("POST", "/api/chorus/users/bob/tokens", ServerFixture.ADMIN_TOKEN, "{\"name\":\"laptop\",\"role\":\"write\"}"));
        bobId = t.path("id").asText();
        bob = t.path("token").asText();
        assertThat(server.send("POST", "/api/chorus/orgs", alice, "{\"name\":\"acme\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/chorus/orgs/acme/members/bob", alice, "{\"role\":\"write\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"acme\"}").statusCode()).isEqualTo(200);
        bytes = new byte[200_000];
        new Random(3).nextBytes(bytes);
        oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String href = HubFixtures.json(server.send("POST", "/acme/m.git/info/lfs/objects/batch", alice, batch("upload")))
                .path("objects").get(0).path("actions").path("upload").path("href").asText();
        assertThat(send("PUT", href, null, bytes).statusCode()).isEqualTo(200);
        String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"w\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\""
                + oid + "\",\"size\":" + bytes.length + "}}";
        assertThat(server.send("POST", "/api/models/acme/m/commit/main", alice, commit).statusCode()).isEqualTo(200);
    }

    String batch(String operation) {
        return "{\"operation\":\"" + operation + "\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}";
    }

    /** Mints every kind of derived credential with {@code token} (null: anonymously) and checks each works. */
    Held mint(String token) {
        HttpResponse<String> b = server.send("POST", "/acme/m.git/info/lfs/objects/batch", token, batch("download"));
        assertThat(b.statusCode()).as(b.body()).isEqualTo(200);
        JsonNode download = HubFixtures.json(b).path("objects").get(0).path("actions").path("download");
        assertThat(download.path("expires_in").asLong()).isEqualTo(ChorusConfig.DEFAULT_DERIVED_CREDENTIAL_SECONDS);
        HttpResponse<String> x = server.get("/api/models/acme/m/xet-read-token/main", token);
        assertThat(x.statusCode()).as(x.body()).isEqualTo(200);
        long now = System.currentTimeMillis() / 1000;
        assertThat(HubFixtures.json(x).path("exp").asLong()).isBetween(now, now + ChorusConfig.DEFAULT_DERIVED_CREDENTIAL_SECONDS + 5);
        String xet = HubFixtures.json(x).path("accessToken").asText();
        HttpResponse<String> info = send("GET", server.url() + "/acme/m/resolve/main/w.bin", token, null, "application/vnd.xet-fileinfo+json");
        String reconstruction = server.url() + "/xet-cas/v2/reconstructions/" + info.headers().firstValue("X-Xet-Hash").orElseThrow();
        HttpResponse<String> rec = send("GET", reconstruction, xet, null);
        assertThat(rec.statusCode()).as(rec.body()).isEqualTo(200);
        String range = HubFixtures.json(rec).path("xorbs").properties().iterator().next().getValue().get(0).path("url").asText();
        Held held = new Held(download.path("href").asText(), xet, reconstruction, range);
        assertThat(statuses(held)).containsOnly(200);
        return held;
    }

    /** What using each credential answers now. */
    java.util.List<Integer> statuses(Held held) {
        return java.util.List.of(send("GET", held.lfsUrl(), null, null).statusCode(), send("GET", held.reconstruction(), held.xetToken(), null).statusCode(),
                send("GET", held.xorbRange(), null, null).statusCode());
    }

    @Test
    void revokingTheHubTokenCutsWhatItMinted() {
        Held held = mint(bob);
        Held other = mint(alice);

        assertThat(server.send("DELETE", "/api/chorus/users/bob/tokens/" + bobId, ServerFixture.ADMIN_TOKEN, null).statusCode()).isEqualTo(204);

        assertThat(statuses(held)).containsOnly(401);
        assertThat(statuses(other)).containsOnly(200);
    }

    @Test
    void removingTheUserFromTheOrganisationCutsWhatTheyMintedForItsPrivateRepository() {
        assertThat(server.send("PUT", "/api/models/acme/m/settings", alice, "{\"private\":true}").statusCode()).isEqualTo(200);
        Held held = mint(bob);
        String upload = HubFixtures.json(server.send("POST", "/acme/m.git/info/lfs/objects/batch", bob,
                batch("upload").replace(oid, "ab".repeat(32)))).path("objects").get(0).path("actions").path("upload").path("href").asText();

        assertThat(server.send("PUT", "/api/chorus/orgs/acme/members/bob", alice, "{\"role\":\"read\"}").statusCode()).isEqualTo(200);
        assertThat(send("PUT", upload, null, new byte[10]).statusCode()).isEqualTo(403);
        assertThat(statuses(held)).containsOnly(200);

        assertThat(server.send("DELETE", "/api/chorus/orgs/acme/members/bob", alice, null).statusCode()).isEqualTo(204);
        assertThat(statuses(held)).containsOnly(404);
    }

    @Test
    void makingTheRepositoryPrivateCutsWhatOutsidersAndAnonymousCallersMinted() {
        Held anonymous = mint(null);
        String carol = HubFixtures.user(server, "carol", "read");
        Held outsider = mint(carol);
        Held member = mint(bob);

        assertThat(server.send("PUT", "/api/models/acme/m/settings", alice, "{\"private\":true}").statusCode()).isEqualTo(200);

        assertThat(statuses(anonymous)).containsOnly(404);
        assertThat(statuses(outsider)).containsOnly(404);
        assertThat(statuses(member)).containsOnly(200);
    }

    HttpResponse<String> send(String method, String url, String token, byte[] body) {
        return send(method, url, token, body, null);
    }

    HttpResponse<String> send(String method, String url, String token, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }
}
