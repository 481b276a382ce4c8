package org.chorus.cli;

import org.chorus.client.ChorusClientException;
import org.chorus.core.ChorusException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chorus} command. */
@Command(name = "chorus", mixinStandardHelpOptions = true, version = "chorus 0.1.0",
        description = "Chorus: share models and datasets, track experiments, train together, compete.",
        subcommands = {ServeCommand.class, LoginCommand.class, WhoAmICommand.class, UsersCommand.class,
                OrgsCommand.class, TokensCommand.class, RepoCommand.class, UploadCommand.class,
                DownloadCommand.class, LogCommand.class, StorageCommand.class, RunsCommand.class, ModelsCommand.class, FlCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code = commandLine(CliContext.system()).execute(args);
        if (code != ServeCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new Main(), new ContextFactory(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ChorusClientException || e instanceof ChorusException || e instanceof IllegalArgumentException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
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
