package org.chorus.server.arena;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python reference worker (clients/python, {@code python3 -m chorus_worker}, Debian's python3 and its standard
 * library only) as a process beside a test's server, its output in {@code log}. Tests run in a module directory one
 * level below the repository root.
 */
public final class PythonWorkers {
    public static final Path CLIENT = Path.of("../clients/python").toAbsolutePath().normalize();

    private PythonWorkers() {}

    /** Starts a worker with {@code token}: one job and out if {@code once}, else until killed; the scorer is {@code scorer}. */
    public static Process start(Path log, String server, String token, int leaseSeconds, int waitSeconds, int timeoutSeconds, boolean once,
                                List<String> scorer) throws IOException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-m", "chorus_worker", "--server", server,
                "--lease", Integer.toString(leaseSeconds), "--wait", Integer.toString(waitSeconds), "--timeout", Integer.toString(timeoutSeconds)));
        if (once) {
            command.add("--once");
        }
        command.add("--");
        command.addAll(scorer);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PYTHONPATH", CLIENT.toString());
        pb.environment().put("CHORUS_WORKER_TOKEN", token);
        return pb.start();
    }

    /** SIGKILL for the worker and whatever scorer it was running. */
    public static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
