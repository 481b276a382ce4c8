package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.Test;

/**
 * {@code /new}, {@code /{owner}} with its avatar and calendar, and {@code /settings/…} over HTTP on both databases:
 * each change goes through the same service and rules as the API, and hostile input stays text.
 */
abstract class WebAccountPagesContract extends ServerContract {
    private static final Pattern SECRET = Pattern.compile("id=\"new-token\" class=\"mono\" readonly value=\"(hf_[^\"]+)\"");

    @Test
    void newRepositoryFormCreatesUnderYouOrAnOrganisationYouMayWriteTo() {
        String ann = WebFixtures.user(server, "ann");
        String bob = WebFixtures.user(server, "bob");
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("POST", "/api/chorus/orgs", bob, "{\"name\":\"bobs\"}").statusCode()).isEqualTo(201);
        WebClient b = new WebClient(server.url());
        assertThat(b.get("/new").statusCode()).as("signed out: to the sign-in page").isEqualTo(303);
        b.signIn("ann", WebFixtures.PASSWORD);
        String form = b.get("/new").body();
        assertThat(form).contains("<option value=\"ann\"").contains("<option value=\"lab\"").doesNotContain("value=\"bobs\"");
        String csrf = b.csrf("/new");

        HttpResponse<String> created = b.post("/new", Map.of("_csrf", csrf, "owner", "lab", "type", "model", "name", "tiny",
                "private", "true", "license", "mit"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/lab/tiny");
        var info = json(server.get("/api/models/lab/tiny", ann));
        assertThat(info.path("private").asBoolean()).isTrue();
        assertThat(info.path("cardData").path("license").asText()).isEqualTo("mit");
        assertThat(server.get("/api/models/lab/tiny", bob).statusCode()).isEqualTo(404);

        HttpResponse<String> refused = b.post("/new", Map.of("_csrf", csrf, "owner", "bobs", "type", "dataset", "name", "x", "license", ""));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("role=\"alert\"").contains("aria-describedby=\"form-error\"");
        HttpResponse<String> hostile = b.post("/new", Map.of("_csrf", csrf, "owner", "ann", "type", "model",
                "name", "<script>alert(1)</script>", "license", ""));
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(b.post("/new", Map.of("_csrf", csrf, "owner", "ann", "type", "model", "name", "x", "license", "evil")).statusCode())
                .isEqualTo(400);
        assertThat(b.post("/new", Map.of("owner", "ann", "type", "model", "name", "nocsrf")).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/models/ann/nocsrf", ann).statusCode()).isEqualTo(404);
        HttpResponse<String> dataset = b.post("/new", Map.of("_csrf", csrf, "owner", "ann", "type", "dataset", "name", "data", "license", ""));
        assertThat(dataset.headers().firstValue("Location")).hasValue("/datasets/ann/data");
    }

    static int commits(String profile) {
        Matcher m = Pattern.compile("(\\d+) commits? in the last year").matcher(profile);
        assertThat(m.find()).as("a calendar caption").isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void profilesShowReposMembersAvatarAndTheCommitCalendar() {
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/bob", ann, "{\"role\":\"read\"}").statusCode()).isEqualTo(200);
        WebFixtures.repo(server, ann, "model", "ann", "open", false, "# open\n");
        WebFixtures.repo(server, ann, "model", "ann", "closed", true, "# closed\n");
        WebClient anonymous = new WebClient(server.url());
        String profile = anonymous.get("/ann").body();
        assertThat(WebExploreContract.rows(profile)).containsExactly("ann/open");
        assertThat(profile).contains("src=\"/avatars/ann.svg\"").contains("commits in the last year")
                .containsPattern("<rect class=\"day level-0\"");
        assertThat(profile).containsPattern(": [1-9] commits?</title>");
        WebClient annBrowser = new WebClient(server.url());
        annBrowser.signIn("ann", WebFixtures.PASSWORD);
        String own = annBrowser.get("/ann").body();
        assertThat(WebExploreContract.rows(own)).containsExactlyInAnyOrder("ann/open", "ann/closed");
        assertThat(commits(own)).as("the private repository's commits count only for who may read it").isGreaterThan(commits(profile));
        assertThat(commits(profile)).isPositive();
        assertThat(own).contains("href=\"/settings/profile\"");
        String lab = annBrowser.get("/lab").body();
        assertThat(lab).contains("Members").contains("href=\"/bob\"").contains("href=\"/settings/organizations/lab\"");
        assertThat(anonymous.get("/lab").body()).doesNotContain("/settings/organizations/lab");

        HttpResponse<String> avatar = anonymous.get("/avatars/ann.svg");
        assertThat(avatar.statusCode()).isEqualTo(200);
        assertThat(avatar.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(avatar.body()).startsWith("<svg").contains(">A</text>");
        assertThat(anonymous.get("/avatars/nobody.svg").statusCode()).isEqualTo(404);
        assertThat(anonymous.get("/nobody").statusCode()).isEqualTo(404);
        assertThat(anonymous.get("/api").headers().firstValue("Content-Type").orElse("")).as("reserved: not a profile")
                .startsWith("application/json");
    }

    @Test
    void settingsChangeThePasswordAndCreateAndRevokeTokens() {
        WebFixtures.user(server, "ann");
        WebClient b = new WebClient(server.url());
        b.signIn("ann", WebFixtures.PASSWORD);
        String csrf = b.csrf("/settings/tokens");

        HttpResponse<String> hostile = b.post("/settings/tokens", Map.of("_csrf", csrf, "name", "<b>laptop</b>", "role", "read"));
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("role=\"alert\"").doesNotContain("<b>laptop").doesNotContain("id=\"new-token\"");
        HttpResponse<String> created = b.post("/settings/tokens", Map.of("_csrf", csrf, "name", "laptop", "role", "read"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher m = SECRET.matcher(created.body());
        assertThat(m.find()).as(created.body()).isTrue();
        String secret = m.group(1);
        assertThat(json(server.get("/api/whoami-v2", secret)).path("name").asText()).isEqualTo("ann");
        String list = b.get("/settings/tokens").body();
        assertThat(list).doesNotContain(secret).contains("data-token=\"laptop\"");
        String row = list.substring(list.indexOf("data-token=\"laptop"));
        assertThat(row.substring(0, row.indexOf("</tr>"))).as("used once by whoami").doesNotContain(">never<").contains("just now");
        String id = null;
        for (var t : json(server.get("/api/chorus/users/ann/tokens", secret))) {
            if (t.path("name").asText().equals("laptop")) {
                id = t.path("id").asText();
            }
        }
        assertThat(list).contains("/settings/tokens/" + id + "/revoke");
        assertThat(b.post("/settings/tokens/" + id + "/revoke", Map.of()).statusCode()).as("no CSRF").isEqualTo(403);
        assertThat(server.get("/api/whoami-v2", secret).statusCode()).isEqualTo(200);
        assertThat(b.post("/settings/tokens/" + id + "/revoke", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        assertThat(server.get("/api/whoami-v2", secret).statusCode()).isEqualTo(401);
        assertThat(b.get("/settings/tokens").body()).contains("<span class=\"badge\">revoked</span>");

        WebClient other = new WebClient(server.url());
        WebFixtures.user(server, "bob");
        other.signIn("bob", WebFixtures.PASSWORD);
        assertThat(other.get("/settings/organizations/lab").statusCode()).isEqualTo(404);

        HttpResponse<String> wrong = b.post("/settings/password", Map.of("_csrf", csrf, "current", "nope", "password", "new password 1", "confirm", "new password 1"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("The current password is wrong.");
        HttpResponse<String> changed = b.post("/settings/password", Map.of("_csrf", csrf, "current", WebFixtures.PASSWORD,
                "password", "new password 1", "confirm", "new password 1"));
        assertThat(changed.statusCode()).isEqualTo(303);
        assertThat(b.get("/settings/tokens").statusCode()).as("signed out everywhere").isEqualTo(303);
        assertThat(new WebClient(server.url()).signIn("ann", WebFixtures.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(new WebClient(server.url()).signIn("ann", "new password 1").statusCode()).isEqualTo(303);
    }
}
