package org.chorus.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code chorus} command. */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Chorus: share models and datasets, track experiments, train together, compete.")
public final class Main {
    static final String VERSION = "chorus 0.1.0";

    /**
     * The top-level commands, in the order help lists them. Only the one being run is built into picocli's model;
     * the others are listed by name and description alone, because inspecting every command's annotations cost most of
     * a short command's start (measurements in docs/design-notes.md).
     */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, LoginCommand.class, LogoutCommand.class,
            WhoAmICommand.class, ProfilesCommand.class, UsersCommand.class, OrgsCommand.class, TokensCommand.class,
            RepoCommand.class, UploadCommand.class, DownloadCommand.class, LogCommand.class, StorageCommand.class,
            ExperimentsCommand.class, RunsCommand.class, ModelsCommand.class, SnapshotCommand.class, CompeteCommand.class, FlCommand.class,
            DemoCommand.class, DevCommand.class);

    public static void main(String[] args) {
        // picocli's factory looks for Groovy's Closure on the class path once; in the fat jar (40,000 entries) that
        // miss reads the jar's whole directory, which a short command otherwise never needs (its classes come from
        // the launcher's AOT cache)
        System.setProperty("picocli.disable.closures", "true");
        CliContext context = CliContext.system();
        int code = commandLine(context, args).execute(args);
        if (code != ServeCommand.KEEP_RUNNING) {
            // halt, not exit: System.exit looks up a System.Logger to log the exit, and that service lookup reads the
            // jar's directory too (a tenth of whoami's CPU). Only serve registers a shutdown hook, and it keeps running.
            context.out().flush();
            context.err().flush();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    /** The command line for {@code args}: the named command fully built, the others as help entries. */
    static CommandLine commandLine(CliContext context, String... args) {
        CommandLine cl = new CommandLine(new Main(), new ContextFactory(context));
        String named = args.length > 0 ? args[0] : "";
        for (Class<?> command : COMMANDS) {
            Command a = command.getAnnotation(Command.class);
            cl.addSubcommand(a.name(), a.name().equals(named) ? command : listing(a));
        }
        cl.getSubcommands().values().forEach(Main::versioned);
        String term = context.env().get("TERM");
        if (term == null || term.equals("dumb")) {
            // picocli colours help on any terminal; a terminal that says it has no colours gets none
            cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        }
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = Errors.describe(e, cmd.getCommand());
            if (message == null) {
                throw e;
            }
            cmd.getErr().println("error: " + message);
            return 1;
        });
        return cl;
    }

    /** Every command answers {@code --version} as {@code chorus --version} does. */
    private static void versioned(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.version().length == 0) {
            spec.version(VERSION);
        }
        command.getSubcommands().values().forEach(Main::versioned);
    }

    private static CommandSpec listing(Command a) {
        CommandSpec spec = CommandSpec.create().name(a.name());
        spec.usageMessage().description(a.description()).hidden(a.hidden());
        return spec;
    }

    /** Gives every command the {@link CliContext}. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            K instance = CommandLine.defaultFactory().create(cls);
            if (instance instanceof CliCommand command) {
                command.context = context;
            }
            return instance;
        }
    }
}
