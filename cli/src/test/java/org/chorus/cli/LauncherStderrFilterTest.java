package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's filter for {@code upload}'s standard error ({@code scripts/lib/stderr.sh}): it drops the JVM's
 * incubator warning and nothing else, in bash as the launcher runs it.
 */
class LauncherStderrFilterTest {
    private static final Path SCRIPT = Path.of("../scripts/lib/stderr.sh").toAbsolutePath();
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @Test
    void theWarningIsDroppedAndEveryOtherLineAndPartialLinePassesThroughAsWritten() throws Exception {
        String in = "Picked up JAVA_TOOL_OPTIONS: -Dx=1\n" + WARNING + "\nuploading model.bin  40%\ruploading model.bin  80%\r"
                + "a line\n" + WARNING + "\n\tindented  \nno newline at the end";

        String out = filter("printf '%s' \"$INPUT\" | drop_incubator_warning", in);

        assertThat(out).isEqualTo("Picked up JAVA_TOOL_OPTIONS: -Dx=1\nuploading model.bin  40%\ruploading model.bin  80%\r"
                + "a line\n" + WARNING + "\n\tindented  \nno newline at the end");
    }

    @Test
    void inputWithoutTheWarningPassesThroughWhole() throws Exception {
        String in = "WARNING: something else\nError: cannot reach http://127.0.0.1:1\n";

        assertThat(filter("printf '%s' \"$INPUT\" | drop_incubator_warning", in)).isEqualTo(in);
    }

    @Test
    void aProgramOnAJvmWithTheVectorModuleKeepsItsStandardErrorAndExitStatusButNotTheWarning(@TempDir Path dir) throws Exception {
        Path program = Files.writeString(dir.resolve("Program.java"), """
                class Program {
                    public static void main(String[] args) {
                        System.err.print("err line\\nuploading 50%\\r");
                        System.err.flush();
                        System.exit(3);
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, program.toString())).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As the launcher runs upload: not exec, then wait for the filter.
        String command = "exec 3> >(drop_incubator_warning); filter=$! status=0; '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + dir + "' Program 2>&3 3>&- || status=$?; exec 3>&-; wait $filter; echo \"exit $status\"";

        assertThat(filter(command, "")).isEqualTo("err line\nuploading 50%\rexit 3\n");
    }

    /** Runs {@code command} in bash with the filter sourced and {@code $INPUT} set; standard error joins standard output. */
    private static String filter(String command, String input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source '" + SCRIPT + "'; " + command)
                .redirectErrorStream(true);
        pb.environment().put("INPUT", input);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
