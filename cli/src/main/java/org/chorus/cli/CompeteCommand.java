package org.chorus.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.chorus.client.CompetitionsClient.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compete", mixinStandardHelpOptions = true, description = "Takes part in arena competitions.",
        subcommands = {CompeteCommand.Submit.class, CompeteCommand.Leaderboard.class, CompeteCommand.Workers.class})
final class CompeteCommand {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submits a CSV or Parquet file of predictions, or (--model) a model repository's revision to a competition that"
                    + " takes models; prints the score the leaderboard shows for it.")
    static final class Submit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
                description = "The predictions (CSV, or Parquet whatever its name), with the sample submission's columns.")
        Path file;

        @Option(names = "--model", paramLabel = "OWNER/NAME[@REVISION]",
                description = "A model repository on this hub (and a branch, tag or commit; main by default), instead of FILE.")
        String model;

        @Option(names = {"-m", "--message"}, description = "A note kept with the submission.")
        String message;

        @Override
        public Integer call() {
            if ((file == null) == (model == null)) {
                throw new IllegalArgumentException("give either FILE or --model OWNER/NAME[@REVISION]");
            }
            Submission s;
            if (model != null) {
                int at = model.indexOf('@');
                s = client().competitions().submitModel(competition, at < 0 ? model : model.substring(0, at), at < 0 ? null : model.substring(at + 1),
                        message);
            } else {
                s = client().competitions().submit(competition, file, message);
            }
            String score = s.score() == null ? "not scored yet" : String.format(Locale.ROOT, "score %.5f", s.score());
            context.out().println("Submission " + s.id() + " for team " + s.team() + ": " + s.status() + ", " + score
                    + (s.late() ? " (late: scored, not ranked)" : ""));
            return 0;
        }
    }

    @Command(name = "leaderboard", mixinStandardHelpOptions = true, description = "Shows a competition's public leaderboard.")
    static final class Leaderboard extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Parameters(paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Override
        public Integer call() {
            return table(output, client().competitions().leaderboard(competition),
                    s -> row(Integer.toString(s.rank()), s.team(), String.format(Locale.ROOT, "%.5f", s.score()), Integer.toString(s.submissions())),
                    "RANK", "TEAM", "SCORE", "ENTRIES");
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = "Registers, lists and removes a competition's scoring workers (custom metrics; the host).",
            subcommands = {WorkerAdd.class, WorkerList.class, WorkerRemove.class})
    static final class Workers {}

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Registers a scoring worker and prints its token, which the worker presents: it is shown only this once.")
    static final class WorkerAdd extends ClientCommand {
        @Parameters(index = "0", paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Parameters(index = "1", paramLabel = "NAME", description = "The worker's name, unique in the competition.")
        String name;

        @Override
        public Integer call() {
            context.out().println(client().competitions().registerWorker(competition, name));
            context.err().println("Worker " + name + " registered. It authenticates with this token ($CHORUS_WORKER_TOKEN for"
                    + " python3 -m chorus_worker); store it now: it is not shown again.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists a competition's scoring workers.")
    static final class WorkerList extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Parameters(paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Override
        public Integer call() {
            return table(output, client().competitions().workers(competition),
                    w -> row(w.name(), w.createdAt(), w.lastSeenAt() == null ? "never" : w.lastSeenAt()), "NAME", "CREATED", "LAST SEEN");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a scoring worker; its token stops working at once.")
    static final class WorkerRemove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Parameters(index = "1", paramLabel = "NAME", description = "The worker's name.")
        String name;

        @Override
        public Integer call() {
            client().competitions().removeWorker(competition, name);
            context.out().println("Worker " + name + " removed from " + competition + ".");
            return 0;
        }
    }
}
