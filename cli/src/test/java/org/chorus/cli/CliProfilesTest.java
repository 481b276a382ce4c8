package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins remembered per server in ~/.chorus/config, as a user meets them: no --url after login, profiles, logout. */
class CliProfilesTest {
    @TempDir
    Path dir;
    ServerFixture first;
    ServerFixture second;
    final Map<String, String> env = new HashMap<>();
    String out;
    String err;

    @BeforeEach
    void start() {
        first = ServerFixture.sqlite(dir.resolve("first"));
        second = ServerFixture.sqlite(dir.resolve("second"));
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private int run(String... args) {
        CliHarness cli = new CliHarness(dir.resolve("home"), env);
        int code = cli.run("", args);
        out = cli.out();
        err = cli.err();
        return code;
    }

    @Test
    void loginRemembersTheServerSoWhoAmINeedsNoUrl() throws Exception {
        assertThat(run("login", "--url", first.url() + "/", "--token", ServerFixture.ADMIN_TOKEN)).as(err).isZero();
        assertThat(out).contains("Saved as profile 'default'");

        assertThat(run("whoami")).as(err).isZero();

        assertThat(out).startsWith("admin").contains("server " + first.url() + ", token from profile 'default'");
        Path config = dir.resolve("home/config");
        assertThat(Files.readString(config)).contains("url = " + first.url()).contains("token = " + ServerFixture.ADMIN_TOKEN);
        assertThat(Files.getPosixFilePermissions(config)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void namedProfilesPickTheirServerAndTheActiveOneIsTheDefault() {
        assertThat(run("login", "--url", first.url(), "--profile", "lab", "--token", ServerFixture.ADMIN_TOKEN)).as(err).isZero();
        assertThat(run("login", "--url", second.url(), "--profile", "home", "--token", ServerFixture.ADMIN_TOKEN)).as(err).isZero();

        assertThat(run("whoami")).isZero();
        assertThat(out).contains("server " + second.url());
        assertThat(run("whoami", "--profile", "lab")).isZero();
        assertThat(out).contains("server " + first.url());

        assertThat(run("profiles", "use", "lab")).as(err).isZero();
        assertThat(run("whoami")).isZero();
        assertThat(out).contains("server " + first.url());
        assertThat(run("profiles")).isZero();
        assertThat(out).containsPattern("\\* lab +" + first.url()).containsPattern("  home +" + second.url());
    }

    @Test
    void aSavedTokenIsNeverSentToAnotherServer() {
        run("login", "--url", first.url(), "--token", ServerFixture.ADMIN_TOKEN);

        assertThat(run("whoami", "--url", second.url())).isEqualTo(1);

        assertThat(err).contains("not logged in to " + second.url() + ": run chorus login --url " + second.url() + " --token hf_...");
    }

    @Test
    void logoutForgetsTheLoginAndSaysHowToComeBack() throws Exception {
        run("login", "--url", first.url(), "--token", ServerFixture.ADMIN_TOKEN);

        assertThat(run("logout")).as(err).isZero();

        assertThat(out).contains("Logged out of " + first.url());
        assertThat(Files.readString(dir.resolve("home/config"))).doesNotContain(ServerFixture.ADMIN_TOKEN);
        assertThat(run("whoami", "--url", first.url())).isEqualTo(1);
        assertThat(err).contains("not logged in to " + first.url() + ": run chorus login");
        assertThat(run("logout")).isEqualTo(1);
        assertThat(err).contains("not logged in");
    }

    @Test
    void environmentNamesTheServerAndTheToken() {
        env.put("CHORUS_URL", first.url());
        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("whoami")).as(err).isZero();
        assertThat(out).contains("server " + first.url() + ", token from CHORUS_TOKEN");

        env.clear();
        env.put("HF_ENDPOINT", second.url());
        env.put("HF_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("whoami")).as(err).isZero();
        assertThat(out).contains("server " + second.url() + ", token from HF_TOKEN");
    }

    @Test
    void anUnknownProfileIsNamedWithTheOnesThereAre() {
        run("login", "--url", first.url(), "--profile", "lab", "--token", ServerFixture.ADMIN_TOKEN);

        assertThat(run("whoami", "--profile", "work")).isEqualTo(1);

        assertThat(err).contains("no profile 'work'").contains("(profiles: lab)").contains("chorus login --profile work");
    }

    @Test
    void anUnreachableServerIsWordedWithoutNull() {
        assertThat(run("whoami", "--url", "http://127.0.0.1:1")).isEqualTo(1);

        assertThat(err).contains("cannot reach Chorus at http://127.0.0.1:1: connection refused").contains("chorus serve")
                .doesNotContain("null");
    }

    @Test
    void aReadOnlyTokenIsToldWhatItLacksAndHowToGetIt() {
        env.put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        assertThat(run("users", "create", "alice", "--url", first.url())).as(err).isZero();
        assertThat(run("tokens", "create", "laptop", "--user", "alice", "--role", "read", "--url", first.url())).as(err).isZero();
        env.put("CHORUS_TOKEN", out.strip());

        assertThat(run("repo", "create", "alice/model", "--url", first.url())).isEqualTo(1);

        assertThat(err).contains("not allowed: token 'laptop' is read-only").contains("chorus tokens create NAME --role write");
    }
}
