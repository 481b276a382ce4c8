package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Five-minute tour", run as written: every line of its {@code sh} blocks, in order, against a fresh server
 * started with the tour's bootstrap token. {@code ./chorus} lines run the CLI in this process (a fresh one for each, with
 * the tour's exported variables and its own home); {@code curl} and {@code git} lines run in bash. The one change made to
 * a line is the address: the tour's {@code localhost:8080} is this server's port, and {@code demo} is told its
 * federated port. {@code fl simulate} lines need Debian's dataset-fashion-mnist and are skipped without it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTourTest {
    private static final Path README = Path.of("../README.md");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(\\w+)=\\$\\((.*)\\)$");

    @TempDir
    static Path dir;
    static ServerFixture server;
    static Path work;
    static final Map<String, String> env = new HashMap<>();
    static final Map<String, String> printed = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        String token = tour().stream().filter(l -> l.contains("./chorus serve")).findFirst()
                .map(l -> l.replaceAll(".*CHORUS_BOOTSTRAP_TOKEN=(\\S+).*", "$1")).orElseThrow();
        server = ServerFixture.sqlite(dir.resolve("server"), settings -> settings.bootstrapToken(token));
        work = Files.createDirectories(dir.resolve("work"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The command lines of the tour's sh blocks, comments removed, in order. */
    static List<String> tour() throws IOException {
        String readme = Files.readString(README);
        int from = readme.indexOf("## Five-minute tour");
        String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
        List<String> lines = new ArrayList<>();
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                String command = withoutComment(line).strip();
                if (!command.isEmpty()) {
                    lines.add(command);
                }
            }
        }
        return lines;
    }

    @Test
    @Order(1)
    void everyLineOfTheTourWorksAsWritten() throws Exception {
        List<String> lines = tour();
        assertThat(lines).as("the tour as the test reads it").hasSizeGreaterThan(30).anyMatch(l -> l.startsWith("./chorus demo"));
        String address = server.url().substring("http://".length());
        for (String line : lines) {
            String command = line.replace("localhost:8080", address).replace("127.0.0.1:8080", address);
            if (command.contains("./chorus serve")) {
                continue; // the server this test started
            }
            if (command.startsWith("export ")) {
                String[] kv = command.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1]);
                continue;
            }
            if (command.contains("fl simulate") && !Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))) {
                continue;
            }
            Matcher assignment = ASSIGNMENT.matcher(command);
            if (assignment.matches()) {
                env.put(assignment.group(1), chorus(line, assignment.group(2)).strip());
            } else if (command.startsWith("./chorus ")) {
                chorus(line, command);
            } else {
                shell(line, command);
            }
        }
        assertThat(printed.get("./chorus repo info demo-lab/tiny-base-finetuned")).contains("base model: demo-lab/tiny-base (finetune)")
                .contains("image-classification"); // the demo's cards name a task, so the explorers have one to show
        assertThat(printed.get("./chorus models publish digits 3 --repo vision-lab/digits-cnn")).contains("published digits version 3 to vision-lab/digits-cnn");
        assertThat(printed.get("./chorus runs compare $BASELINE $WIDER")).contains("* metrics.accuracy", "0.93", "0.95");
        assertThat(printed.get("./chorus fl tasks list")).containsPattern("(?m)demo-digits +completed +2 ");
        assertThat(printed.get("./chorus models versions digits")).containsPattern("(?m)^3 +None +champion ");
        assertThat(work.resolve("tiny-bert/config.json")).exists();
        assertThat(printed.get("curl localhost:8080/api/chorus/models/demo-lab/tiny-base/family"))
                .contains("demo-lab/tiny-base-finetuned", "demo-partners/tiny-base-lora", "demo-lab/tiny-base-int8");
    }

    @Test
    @Order(2)
    void theDemoRunAgainChangesNothing() throws Exception {
        String head = chorus("info", "./chorus repo info demo-lab/tiny-base").replaceAll("(?s).*head (\\w+).*", "$1");
        String runs = chorus("runs", "./chorus runs list -e digits");

        String again = chorus("demo", "./chorus demo --federated-port " + server.federatedPort());

        assertThat(again).contains("organisation demo-lab exists", "repository demo-lab/tiny-base exists", "experiment digits has its runs",
                "registered model digits exists", "federation demo-federation exists").doesNotContain("created ");
        assertThat(chorus("info", "./chorus repo info demo-lab/tiny-base")).contains("head " + head);
        assertThat(chorus("runs", "./chorus runs list -e digits")).isEqualTo(runs);
        assertThat(chorus("versions", "./chorus models versions digits").lines().count()).isEqualTo(4);
        assertThat(chorus("federations", "./chorus fl federations list")).containsPattern("(?m)^demo-federation +2 +1 ");
        assertThat(chorus("nodes", "./chorus fl nodes demo-federation")).containsPattern("(?m)^demo-node-0 ").containsPattern("(?m)^demo-node-1 ");
    }

    /** Runs a {@code ./chorus} command line in this process and returns what it printed. */
    private static String chorus(String line, String command) {
        List<String> args = words(command.substring("./chorus ".length()));
        if (args.get(0).equals("demo") && !args.contains("--federated-port")) {
            args.add("--federated-port");
            args.add(String.valueOf(server.federatedPort()));
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("./")) {
                args.set(i, work.resolve(args.get(i).substring(2)).toString());
            }
        }
        CliHarness cli = new CliHarness(dir.resolve("home"), env);
        int code = cli.run("", args.toArray(String[]::new));
        System.out.println("$ " + line + "\n" + cli.out() + cli.err());
        assertThat(code).as(line + "\n" + cli.out() + cli.err()).isZero();
        printed.put(line, cli.out());
        return cli.out();
    }

    /** Runs a line in bash, in the tour's folder, with the tour's variables. */
    private static void shell(String line, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        System.out.println("$ " + line + "\n" + out);
        assertThat(code).as(line + "\n" + out).isZero();
        assertThat(out).as(line).doesNotContain("\"error\"");
        printed.put(line, out);
    }

    /** A line without its shell comment ({@code #} after a space, outside quotes). */
    static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Shell words: quotes group and are removed, $NAME outside single quotes is the tour's variable. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && c == ' ') {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (c == '$' && quote != '\'') {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                word.append(env.getOrDefault(text.substring(i + 1, end), ""));
                i = end - 1;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            out.add(word.toString());
        }
        return out;
    }
}
