package org.chorus.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.chorus.client.CompetitionsClient.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compete", mixinStandardHelpOptions = true, description = "Takes part in arena competitions.",
        subcommands = {CompeteCommand.Submit.class, CompeteCommand.Leaderboard.class})
final class CompeteCommand {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Submits a CSV of predictions; prints the score the leaderboard shows for it.")
    static final class Submit extends ClientCommand {
        @Parameters(index = "0", paramLabel = "COMPETITION", description = "The competition's name.")
        String competition;

        @Parameters(index = "1", paramLabel = "FILE", description = "The predictions, with the sample submission's header.")
        Path file;

        @Option(names = {"-m", "--message"}, description = "A note kept with the submission.")
        String message;

        @Override
        public Integer call() {
            Submission s = client().competitions().submit(competition, file, message);
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
}
