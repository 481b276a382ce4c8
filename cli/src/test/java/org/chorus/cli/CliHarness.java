package org.chorus.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Runs the CLI in-process with a chosen environment, home directory and standard input, keeping what it printed. */
final class CliHarness {
    private final Path home;
    private final Map<String, String> env;
    private String out = "";
    private String err = "";
    private boolean terminal;

    CliHarness(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** Runs the next commands as if a person were at a terminal (progress bars, prompts without echo). */
    CliHarness atTerminal() {
        terminal = true;
        return this;
    }

    int run(String stdin, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CliContext context = new CliContext(env, home, new BufferedReader(new StringReader(stdin)), new PrintWriter(o, true),
                new PrintWriter(e, true), terminal);
        int code = Main.commandLine(context, args).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    /** Runs against the server at {@code url}. */
    int runAt(String url, String stdin, String... args) {
        String[] withUrl = Arrays.copyOf(args, args.length + 2);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = url;
        return run(stdin, withUrl);
    }

    String out() {
        return out;
    }

    String err() {
        return err;
    }
}
