package org.chorus.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code chorus} command. */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = "Chorus: share models and datasets, track experiments, train together, compete.")
public final class Main {
    /**
     * The top-level commands, in the order help lists them. Only the one being run is built into picocli's model;
     * the others are listed by name and description alone, because inspecting every command's annotations cost most of
     * a short command's start (measurements in docs/design-notes.md).
     */
    static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, LoginCommand.class, LogoutCommand.class,
            WhoAmICommand.class, ProfilesCommand.class, UsersCommand.class, OrgsCommand.class, TokensCommand.class,
            RepoCommand.class, UploadCommand.class, DownloadCommand.class, LogCommand.class, StorageCommand.class,
            ExperimentsCommand.class, RunsCommand.class, ModelsCommand.class, FlCommand.class, DemoCommand.class, DevCommand.class);

    public static void main(String[] args) {
        int code = commandLine(CliContext.system(), args).execute(args);
        if (code != ServeCommand.KEEP_RUNNING) {
            System.exit(code);
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
