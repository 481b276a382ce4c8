package org.chorus.federated.secure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python client (clients/python) and Python test code as real processes, for the tests of this module and of
 * {@code federated}. Debian's python3-grpcio, python3-protobuf and python3-numpy install for /usr/bin/python3, which
 * need not be the python3 first on the PATH, so the interpreter is the first of $CHORUS_PYTHON, /usr/bin/python3
 * and python3 that imports what the test needs. Without one the test is skipped, unless CI is set: scripts/test
 * installs them, so there their absence is a failure.
 */
public final class Python {
    /** The client package's directory; tests run in a module directory one level below the repository root. */
    public static final Path CLIENT = Path.of("../clients/python").toAbsolutePath().normalize();
    /** The calling module's Python test code. */
    public static final Path TEST_CODE = Path.of("src/test/python").toAbsolutePath();

    private final String executable;

    private Python(String executable) {
        this.executable = executable;
    }

    /** An interpreter that imports every module named, or the test is skipped (failed under CI). */
    public static Python find(String... modules) throws InterruptedException {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getenv("CHORUS_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            candidates.add(chosen);
        }
        candidates.addAll(List.of("/usr/bin/python3", "python3"));
        for (String candidate : candidates) {
            if (imports(candidate, modules)) {
                return new Python(candidate);
            }
        }
        String why = "no Python 3 among " + candidates + " imports " + String.join(", ", modules)
                + " (install python3-grpcio python3-protobuf python3-numpy protobuf-compiler)";
        assertThat(System.getenv("CI")).as(why + "; CI is set, so scripts/test should have installed them").isNull();
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    private static boolean imports(String python, String... modules) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + String.join(", ", modules)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    /**
     * Starts {@code python -m module args…} with the client and the module's test code importable, the generated
     * protocol code under target/, and output to {@code log}.
     */
    public Process start(Path log, Map<String, String> env, String module, List<String> args) throws IOException {
        ProcessBuilder b = builder(module, args).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        return b.start();
    }

    /** Starts {@code python -m module args…} to talk to over its stdin and stdout; its stderr goes to {@code log}. */
    public Process converse(Path log, String module, List<String> args) throws IOException {
        return builder(module, args).redirectError(log.toFile()).start();
    }

    private ProcessBuilder builder(String module, List<String> args) {
        List<String> command = new ArrayList<>(List.of(executable, "-m", module));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().put("PYTHONPATH", CLIENT + File.pathSeparator + TEST_CODE);
        b.environment().put("CHORUS_FL_BUILD", Path.of("target/python-build").toAbsolutePath().toString());
        // A node that dies of a signal (a crash in grpc's C core) then leaves its Python stack in the log; once, a
        // node in the restart test fell silent mid-task with nothing logged.
        b.environment().put("PYTHONFAULTHANDLER", "1");
        b.environment().put("PYTHONUNBUFFERED", "1");
        return b;
    }

    /** Runs {@code python -m module args…} to completion and returns its output; a non-zero exit fails the test. */
    public String run(Path log, String module, List<String> args, int seconds) throws Exception {
        Process p = start(log, Map.of(), module, args);
        boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String output = java.nio.file.Files.readString(log);
        assertThat(finished).as("python -m %s finished within %d s:\n%s", module, seconds, output).isTrue();
        assertThat(p.exitValue()).as("python -m %s failed:\n%s", module, output).isZero();
        return output;
    }

    /** Asks the process to stop (SIGTERM) and waits for it. */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}
