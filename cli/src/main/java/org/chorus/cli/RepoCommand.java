package org.chorus.cli;

import java.util.Locale;
import org.chorus.client.HubModels.RepoSummary;
import org.chorus.client.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repo", mixinStandardHelpOptions = true, description = "Manages model and dataset repositories.",
        subcommands = {RepoCommand.Create.class, RepoCommand.Delete.class, RepoCommand.ListRepos.class})
final class RepoCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates owner/name or datasets/owner/name.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
        String repo;

        @Option(names = "--private", description = "Visible only to the owner and its members.")
        boolean isPrivate;

        @Override
        public Integer call() {
            String url = client().hub(context.chorusHome()).createRepo(RepoId.parse(repo), isPrivate);
            context.out().println("Created " + repo + (isPrivate ? " (private)" : "") + ": " + url);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a repository and its history.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
        String repo;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws java.io.IOException {
            if (!yes) {
                context.out().print("Delete " + repo + " and all its history? Type its name to confirm: ");
                context.out().flush();
                String answer = context.in().readLine();
                if (!repo.equals(answer == null ? null : answer.strip())) {
                    context.err().println("Not deleted.");
                    return 1;
                }
            }
            client().hub(context.chorusHome()).deleteRepo(RepoId.parse(repo));
            context.out().println("Deleted " + repo);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists repositories you can see.")
    static final class ListRepos extends ClientCommand {
        @Option(names = "--type", defaultValue = "model", description = "model or dataset (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--author", description = "Only this user's or organisation's repositories.")
        String author;

        @Option(names = "--search", description = "Only repositories whose name contains this.")
        String search;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            RepoId.Type t = RepoId.Type.valueOf(type.toUpperCase(Locale.ROOT));
            for (RepoSummary r : client().hub(context.chorusHome()).listRepos(t, author, search, limit)) {
                context.out().printf("%-50s %-8s %8d downloads %6d likes  %s%n", r.id(), r.isPrivate() ? "private" : "public",
                        r.downloads(), r.likes(), r.lastModified());
            }
            return 0;
        }
    }
}
