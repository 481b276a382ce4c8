package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;

/** The CLI pointed at a test server as its admin (or another user); keeps what the last command printed. */
final class ServerCli {
    private final CliHarness harness;
    private final String url;

    ServerCli(Path home, ServerFixture server) {
        this(home, server, ServerFixture.ADMIN_TOKEN);
    }

    /** The CLI as the user of {@code token}. */
    ServerCli(Path home, ServerFixture server, String token) {
        this.harness = new CliHarness(home, Map.of("CHORUS_TOKEN", token));
        this.url = server.url();
    }

    int run(String... args) {
        return harness.runAt(url, "", args);
    }

    /** Runs a command that must succeed; returns what it printed. */
    String ok(String... args) {
        assertThat(run(args)).as(String.join(" ", args) + ": " + err()).isZero();
        return out();
    }

    String out() {
        return harness.out();
    }

    String err() {
        return harness.err();
    }

    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    /** A string field of a JSON response that must be a 200. */
    static String field(HttpResponse<String> r, String name) {
        ok(r);
        return r.body().replaceAll("(?s).*\"" + name + "\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
