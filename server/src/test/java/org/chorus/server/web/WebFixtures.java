package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.chorus.server.ServerFixture;

/** Users with passwords and repositories with cards, made through the API the way a person's CLI would. */
final class WebFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "correct horse battery";
    /** A card with front matter for the metadata panel and every kind of hostile content the sanitizer must neutralise. */
    static final String HOSTILE_CARD = """
            ---
            license: apache-2.0
            pipeline_tag: text-classification
            library_name: transformers
            language: [en, fr]
            datasets: [ann/reviews]
            base_model: ann/base
            base_model_relation: finetune
            tags: ["<img src=x onerror=alert(3)>"]
            ---
            # Sentiment model

            | metric | value |
            |---|---|
            | accuracy | 0.93 |

            <script>document.title='pwned'</script>

            <img src="x" onerror="document.title='pwned'">

            [click](javascript:document.title='pwned') and ![img](javascript:alert(4))

            <a href="JaVaScRiPt:alert(1)">upper</a>

            <iframe src="https://evil.example/"></iframe>

            <div onmouseover="alert(2)" style="background:url(https://evil.example/x.png)">hover</div>

            See https://example.org/docs for more.
            """;

    private WebFixtures() {}

    /** Creates a user with a sign-in password and returns a write token for the API. */
    static String user(ServerFixture server, String name) {
        HttpResponse<String> u = server.send("POST", "/api/chorus/users", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(u.statusCode()).as(u.body()).isEqualTo(201);
        HttpResponse<String> t = server.send("POST", "/api/chorus/users/" + name + "/tokens", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"web\",\"role\":\"write\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(201);
        try {
            return JSON.readTree(t.body()).path("token").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Creates {@code owner/name} (a model, or a dataset when {@code type} says so) with {@code readme} as its card. */
    static void repo(ServerFixture server, String token, String type, String owner, String name, boolean isPrivate, String readme) {
        HttpResponse<String> r = server.send("POST", "/api/repos/create", token,
                "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"private\":" + isPrivate + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        if (readme != null) {
            String header = "{\"key\":\"header\",\"value\":{\"summary\":\"add card\"}}";
            String file = "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":" + JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}";
            HttpResponse<String> c = server.send("POST", "/api/" + type + "s/" + owner + "/" + name + "/commit/main", token, header + "\n" + file);
            assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        }
    }
}
