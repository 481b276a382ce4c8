package org.chorus.cli;

import org.chorus.client.HubModels.CommitSummary;
import org.chorus.client.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "log", mixinStandardHelpOptions = true, description = "Shows a repository's commits, newest first.")
final class LogCommand extends ClientCommand {
    @Parameters(paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
    String repo;

    @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Override
    public Integer call() {
        for (CommitSummary c : client().hub(context.chorusHome()).listCommits(RepoId.parse(repo), revision)) {
            context.out().println(c.id().substring(0, Math.min(12, c.id().length())) + "  " + c.date() + "  "
                    + String.join(",", c.authors()) + "  " + c.title());
        }
        return 0;
    }
}
