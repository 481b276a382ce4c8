package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * upload and download as a user sees them: progress at a terminal (in-process with a terminal context, and once as a
 * real process in a pseudo-terminal made by {@code script}), only the summary in a pipe or with {@code --quiet}.
 */
class CliTransfersTest {
    /** Over the server's LFS threshold (10 MiB), so it goes over Xet. */
    private static final int SIZE = 12 << 20;

    @TempDir
    static Path dir;
    static ServerFixture server;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CliHarness cli() {
        return new CliHarness(dir.resolve("home"), Map.of("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN));
    }

    private static Path randomFile(String name, long seed) throws IOException {
        byte[] b = new byte[SIZE];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void atATerminalUploadAndDownloadShowProgressAndASecondVersionShowsWhatWasDeduplicated() throws IOException {
        Path file = randomFile("weights.bin", 1);
        CliHarness cli = cli().atTerminal();
        assertThat(cli.runAt(server.url(), "", "upload", "admin/progress", file.toString(), "--create")).as(cli.err()).isZero();
        assertThat(cli.err()).contains("\r").contains("uploading weights.bin").contains("100% 12.6 MB / 12.6 MB").contains("/s");
        assertThat(cli.out()).contains("Committed 1 file(s)").containsPattern("Sent 12\\.[0-9] MB; deduplicated 0 B");

        byte[] v2 = Files.readAllBytes(file);
        byte[] changed = new byte[SIZE / 10];
        new Random(2).nextBytes(changed);
        System.arraycopy(changed, 0, v2, SIZE / 2, changed.length);
        Files.write(file, v2);
        assertThat(cli.runAt(server.url(), "", "upload", "admin/progress", file.toString())).as(cli.err()).isZero();
        assertThat(cli.err()).contains("uploading weights.bin").containsPattern("deduplicated 1[01]\\.[0-9] MB");
        assertThat(cli.out()).containsPattern("Sent [0-9.]+ MB; deduplicated 1[01]\\.[0-9] MB");

        assertThat(cli.runAt(server.url(), "", "download", "admin/progress", "weights.bin", "--cache-dir", dir.resolve("cache").toString()))
                .as(cli.err()).isZero();
        assertThat(cli.err()).contains("downloading weights.bin").contains("100% 12.6 MB / 12.6 MB").contains("Downloaded 12.6 MB in");
    }

    @Test
    void inAPipeOrWithQuietOnlyTheSummaryIsPrinted() throws IOException {
        Path file = randomFile("quiet.bin", 3);
        CliHarness piped = cli();
        assertThat(piped.runAt(server.url(), "", "upload", "admin/piped", file.toString(), "--create")).as(piped.err()).isZero();
        assertThat(piped.err()).doesNotContain("\r").doesNotContain("uploading");
        assertThat(piped.out()).contains("Committed 1 file(s)").containsPattern("Sent 12\\.[0-9] MB; deduplicated 0 B");

        CliHarness quiet = cli().atTerminal();
        assertThat(quiet.runAt(server.url(), "", "upload", "admin/piped", file.toString(), "--quiet")).as(quiet.err()).isZero();
        assertThat(quiet.err()).doesNotContain("\r").doesNotContain("uploading");
        assertThat(quiet.out()).contains("Nothing to commit").containsPattern("deduplicated 12\\.[0-9] MB");

        assertThat(quiet.runAt(server.url(), "", "download", "admin/piped", "quiet.bin", "-q", "--cache-dir", dir.resolve("c2").toString()))
                .isZero();
        assertThat(quiet.err()).doesNotContain("\r").doesNotContain("downloading").contains("Downloaded 12.6 MB in");
    }

    /** The real thing: a separate process whose standard streams are a pseudo-terminal, then the same piped into cat. */
    @Test
    void aRealTerminalGetsProgressAndAPipeDoesNot() throws Exception {
        Path file = randomFile("pty.bin", 4);
        String command = javaCommand("upload", "admin/pty", file.toString(), "--create");
        String atTerminal = script(command);
        // A line redrawn in place: a carriage return not followed by the newline the terminal adds to every line.
        assertThat(atTerminal).containsPattern("\r(?!\n)").contains("uploading pty.bin").contains("Committed 1 file(s)");

        String piped = script(javaCommand("download", "admin/pty", "pty.bin", "--cache-dir", dir.resolve("c3").toString()) + " 2>&1 | cat");
        assertThat(piped).doesNotContainPattern("\r(?!\n)").doesNotContain("downloading").contains("Downloaded 12.6 MB in");
    }

    private static String javaCommand(String... args) {
        StringBuilder b = new StringBuilder(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()))
                .append(" -cp ").append(quote(System.getProperty("java.class.path"))).append(" org.chorus.cli.Main");
        for (String a : args) {
            b.append(' ').append(quote(a));
        }
        return b.append(" --url ").append(quote(server.url())).toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Runs a shell command under {@code script}, which gives it a pseudo-terminal, and returns what it printed. */
    private static String script(String command) throws Exception {
        ProcessBuilder p = new ProcessBuilder(List.of("script", "-qec", command, "/dev/null")).redirectErrorStream(true);
        p.environment().put("CHORUS_TOKEN", ServerFixture.ADMIN_TOKEN);
        p.environment().put("CHORUS_HOME", dir.resolve("pty-home").toString());
        Process started = p.start();
        started.getOutputStream().close();
        String out = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(started.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(started.exitValue()).as(out).isZero();
        return out;
    }
}
