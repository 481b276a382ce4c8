package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chorus compete submit} and {@code compete leaderboard} against a real server's competition. */
class CliCompeteTest {
    @TempDir
    static Path dir;
    static ServerFixture server;
    static ServerCli cli;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        cli = new ServerCli(dir.resolve("home"), server);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        HttpResponse<String> created = server.send("POST", "/api/chorus/competitions", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"coins\",\"title\":\"Coins\",\"metric\":\"accuracy\",\"phases\":[{\"name\":\"main\",\"start\":\"" + start
                        + "\",\"end\":\"" + start.plusSeconds(86400) + "\",\"dailyCap\":5}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> solution = ServerFixture.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/chorus/competitions/coins/solution"))
                .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("id,side\na,heads\nb,tails\nc,heads\nd,tails\n")), HttpResponse.BodyHandlers.ofString());
        assertThat(solution.statusCode()).as(solution.body()).isEqualTo(200);
        server.send("POST", "/api/chorus/competitions/coins/join", ServerFixture.ADMIN_TOKEN, "{\"acceptRules\":true,\"team\":\"admins\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void submitPrintsTheShownScoreAndTheLeaderboardListsTheTeam() throws Exception {
        Path file = Files.writeString(dir.resolve("preds.csv"), "id,side\na,heads\nb,tails\nc,heads\nd,tails\n");

        String submitted = cli.ok("compete", "submit", "coins", file.toString(), "-m", "all right");
        String board = cli.ok("compete", "leaderboard", "coins");

        assertThat(submitted).startsWith("Submission ").contains("for team admins: scored, score 1.00000");
        assertThat(board).contains("RANK").contains("admins").contains("1.00000");
    }

    @Test
    void aMalformedFileIsRefusedWithTheServersMessage() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), "id,side\na,heads\na,tails\n");

        int code = cli.run("compete", "submit", "coins", file.toString());

        assertThat(code).isNotZero();
        assertThat(cli.err()).contains("submission line 3: id 'a' also appears on line 2");
    }

    @Test
    void aParquetFileIsScoredWhateverItsNameAndABrokenOneIsRefused() throws Exception {
        Path parquet = dir.resolve("preds-in-parquet.csv");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES ('a', 'heads'), ('b', 'tails'), ('c', 'heads'), ('d', 'tails')) t(id, side)) TO '"
                    + parquet + "' (FORMAT parquet)");
        }
        Path broken = Files.write(dir.resolve("broken.parquet"), "PAR1 and then no Parquet at all".getBytes(StandardCharsets.US_ASCII));

        String submitted = cli.ok("compete", "submit", "coins", parquet.toString(), "-m", "parquet");
        int code = cli.run("compete", "submit", "coins", broken.toString());

        assertThat(submitted).contains(": scored, score 1.00000");
        assertThat(code).isNotZero();
        assertThat(cli.err()).contains("the submission starts like a Parquet file but cannot be read as one");
    }
}
