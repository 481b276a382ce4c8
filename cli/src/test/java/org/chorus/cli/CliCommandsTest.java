package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands against a real server, with the environment and home directory under test control. */
class CliCommandsTest {
    @TempDir
    Path dir;
    ServerFixture server;
    final Map<String, String> env = new HashMap<>();
    String out;
    String err;

    @BeforeEach
    void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String stdin, String... args) {
        CliHarness cli = new CliHarness(dir.resolve("home"), env);
        int code = cli.runAt(server.url(), stdin, args);
        out = cli.out();
        err = cli.err();
        return code;
    }

    @Test
    void loginReadsTheTokenFromStandardInputAndWhoAmIUsesIt() {
        int code = run(ServerFixture.ADMIN_TOKEN + "\n", "login");

        assertThat(code).as(err.toString()).isZero();
        assertThat(run("", "whoami")).isZero();
        assertThat(out.toString()).startsWith("admin").contains("bootstrap");
    }

    @Test
    void loginRefusesAnInvalidTokenAndStoresNothing() {
        int code = run("", "login", "--token", "hf_notARealTokenAtAll12345");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("refused the token from --token (invalid or revoked access token)")
                .contains("chorus login --url " + server.url());
        assertThat(dir.resolve("home/config")).doesNotExist();
    }

    @Test
    void helpListsEveryCommandAndEachCommandItsOwnOptions() {
        CliHarness cli = new CliHarness(dir.resolve("home"), env);
        assertThat(cli.run("", "--help")).isZero();
        assertThat(cli.out()).contains("serve", "login", "logout", "whoami", "profiles", "repo", "storage", "runs", "fl", "dev");

        assertThat(cli.run("", "repo", "list", "--help")).isZero();
        assertThat(cli.out()).contains("--author", "--url", "--profile");
    }

    @Test
    void environmentTokensComeBeforeTheStoredOne() {
        run("", "login", "--token", ServerFixture.ADMIN_TOKEN);
        run("", "users", "create", "alice");
        run("", "tokens", "create", "ci", "--user", "alice", "--role", "write");
        String aliceToken = out.toString().strip();

        env.put("HF_TOKEN", aliceToken);
        assertThat(run("", "whoami")).isZero();
        assertThat(out.toString()).startsWith("alice");

        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("", "whoami")).isZero();
        assertThat(out.toString()).startsWith("admin");
    }

    @Test
    void usersOrgsAndTokensLifecycle() {
        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("", "users", "create", "bob", "--fullname", "Bob B")).isZero();
        assertThat(run("", "orgs", "create", "lab")).isZero();
        assertThat(run("", "orgs", "add-member", "lab", "bob", "--role", "write")).isZero();
        assertThat(run("", "tokens", "create", "laptop")).isZero();
        assertThat(out.toString().strip()).startsWith("hf_");

        assertThat(run("", "tokens", "list")).isZero();
        String listing = out.toString();
        String id = listing.lines().filter(l -> l.contains("laptop")).findFirst().orElseThrow().split("\\s+")[0];
        assertThat(run("", "tokens", "revoke", id)).isZero();
        assertThat(run("", "tokens", "list")).isZero();

        assertThat(out.toString().lines().filter(l -> l.contains("laptop"))).singleElement().asString().endsWith("revoked");
    }

    @Test
    void usersCreateReadsAPasswordFromStandardInput() {
        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("short\n", "users", "create", "dan", "--password-stdin")).as("the server checks the password it was sent").isEqualTo(1);
        assertThat(err.toString()).contains("at least 8 characters");
        assertThat(run("", "users", "create", "dan", "--password-stdin")).isEqualTo(2);
        assertThat(run("a long enough password\n", "users", "create", "dan", "--password-stdin")).isZero();
    }

    @Test
    void refusedRequestsExitNonZeroWithTheServersMessage() {
        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);

        int code = run("", "users", "create", "../evil");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 400").contains("must match");
    }
}
