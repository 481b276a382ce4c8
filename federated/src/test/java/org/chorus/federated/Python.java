package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python client (clients/python) as a real process. Debian's python3-grpcio, python3-protobuf and python3-numpy
 * install for /usr/bin/python3, which need not be the python3 first on the PATH, so the interpreter is the first of
 * $CHORUS_PYTHON, /usr/bin/python3 and python3 that imports them. Without one the test is skipped, unless CI is set:
 * scripts/test installs them, so there their absence is a failure.
 */
final class Python {
    static final Path CLIENT = Path.of("../clients/python").toAbsolutePath().normalize();
    static final Path TEST_CODE = Path.of("src/test/python").toAbsolutePath();
    private static final List<String> MODULES = List.of("grpc", "google.protobuf", "numpy");

    private Python() {}

    static String interpreter() throws Exception {
        List<String> candidates = new ArrayList<>();
        String chosen = System.getenv("CHORUS_PYTHON");
        if (chosen != null && !chosen.isBlank()) {
            candidates.add(chosen);
        }
        candidates.addAll(List.of("/usr/bin/python3", "python3"));
        for (String candidate : candidates) {
            if (imports(candidate)) {
                return candidate;
            }
        }
        String why = "no Python 3 among " + candidates + " imports " + MODULES + " (install python3-grpcio python3-protobuf python3-numpy)";
        assertThat(System.getenv("CI")).as(why + "; CI is set, so scripts/test should have installed them").isNull();
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    private static boolean imports(String python) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + String.join(", ", MODULES)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    /** Starts {@code python3 -m module args…} with the client and the test code importable; output goes to {@code log}. */
    static Process start(String python, Path log, Map<String, String> env, String module, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python, "-m", module));
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        b.environment().put("PYTHONPATH", CLIENT + java.io.File.pathSeparator + TEST_CODE);
        b.environment().put("CHORUS_FL_BUILD", Path.of("target/python-build").toAbsolutePath().toString());
        return b.start();
    }

    /** Asks the process to stop (SIGTERM) and waits for it. */
    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }
}
