package org.chorus.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.chorus.client.ChorusClientException;
import org.chorus.client.HubClient;
import org.chorus.client.HubModels.RepoInfo;
import org.chorus.client.HubModels.RepoSummary;
import org.chorus.client.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "repo", mixinStandardHelpOptions = true, description = "Manages model and dataset repositories.",
        subcommands = {RepoCommand.Create.class, RepoCommand.Delete.class, RepoCommand.ListRepos.class, RepoCommand.Info.class,
                RepoCommand.Branches.class, RepoCommand.Tags.class, RepoCommand.Branch.class, RepoCommand.Tag.class,
                RepoCommand.Move.class, RepoCommand.Visibility.class, RepoCommand.LfsFiles.class, RepoCommand.LfsRemove.class,
                RepoCommand.Squash.class})
final class RepoCommand {

    /** A command on one repository, named by its first parameter. */
    abstract static class OnRepo extends ClientCommand {
        @Parameters(index = "0", paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
        String repo;

        HubClient hub() {
            return client().hub(context.chorusHome());
        }

        RepoId id() {
            return RepoId.parse(repo);
        }

        /** True with {@code --yes}; otherwise asks, and only the repository's name typed back confirms. */
        boolean confirmed(boolean yes, String question) throws IOException {
            if (yes) {
                return true;
            }
            context.out().print(question + " Type its name to confirm: ");
            context.out().flush();
            String answer = context.in().readLine();
            if (repo.equals(answer == null ? null : answer.strip())) {
                return true;
            }
            context.err().println("Nothing changed.");
            return false;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates owner/name or datasets/owner/name.")
    static final class Create extends OnRepo {
        @Option(names = "--private", description = "Visible only to the owner and its members.")
        boolean isPrivate;

        @Override
        public Integer call() {
            String url = hub().createRepo(id(), isPrivate);
            context.out().println("Created " + repo + (isPrivate ? " (private)" : "") + ": " + url);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a repository and its history.")
    static final class Delete extends OnRepo {
        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!confirmed(yes, "Delete " + repo + " and all its history?")) {
                return 1;
            }
            hub().deleteRepo(id());
            context.out().println("Deleted " + repo);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists repositories you can see.")
    static final class ListRepos extends ClientCommand {
        @Mixin
        JsonOutput output;

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
            List<RepoSummary> repos = client().hub(context.chorusHome()).listRepos(t, author, search, limit);
            if (output.json) {
                return JsonOutput.print(context.out(), repos);
            }
            for (RepoSummary r : repos) {
                context.out().printf("%-50s %-8s %8d downloads %6d likes  %s%n", r.id(), r.isPrivate() ? "private" : "public",
                        r.downloads(), r.likes(), r.lastModified());
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "A repository: head commit, visibility, files, card tags and — for models — its base models and children.")
    static final class Info extends OnRepo {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            RepoInfo i = hub().info(id());
            if (output.json) {
                return JsonOutput.print(context.out(), i);
            }
            // the name the server answered with: a moved repository's old name shows where it lives now
            context.out().println(i.id() + "  " + (i.isPrivate() ? "private" : "public") + "  head " + i.sha());
            context.out().println("last modified " + i.lastModified() + ", " + i.downloads() + " downloads, " + i.likes() + " likes");
            if (!i.tags().isEmpty()) {
                context.out().println("tags: " + String.join(", ", i.tags()));
            }
            if (!i.baseModels().isEmpty()) {
                context.out().println("base model: " + String.join(", ", i.baseModels()) + " (" + i.baseModelRelation() + ")");
            }
            if (i.childrenCount() > 0) {
                context.out().println("models built on it: " + i.childrenCount());
            }
            context.out().println("files (" + i.files().size() + "):");
            i.files().forEach(f -> context.out().println("  " + f));
            return 0;
        }
    }

    @Command(name = "branches", mixinStandardHelpOptions = true, description = "Lists a repository's branches and their heads.")
    static final class Branches extends OnRepo {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, hub().refs(id()).branches(), r -> row(r.name(), r.targetCommit()), "BRANCH", "COMMIT");
        }
    }

    @Command(name = "tags", mixinStandardHelpOptions = true, description = "Lists a repository's tags and their commits.")
    static final class Tags extends OnRepo {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, hub().refs(id()).tags(), r -> row(r.name(), r.targetCommit()), "TAG", "COMMIT");
        }
    }

    @Command(name = "branch", mixinStandardHelpOptions = true, description = "Creates or deletes a branch.",
            subcommands = {BranchCreate.class, BranchDelete.class})
    static final class Branch {}

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a branch at a revision.")
    static final class BranchCreate extends OnRepo {
        @Parameters(index = "1", paramLabel = "BRANCH", description = "The new branch's name.")
        String branch;

        @Option(names = "--from", paramLabel = "REVISION", description = "Branch, tag or commit to start at (default: the default branch).")
        String from;

        @Override
        public Integer call() {
            hub().createBranch(id(), branch, from);
            context.out().println("Created branch " + branch + " in " + repo + (from == null ? "" : " at " + from));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a branch (its commits stay reachable from others).")
    static final class BranchDelete extends OnRepo {
        @Parameters(index = "1", paramLabel = "BRANCH", description = "The branch to delete.")
        String branch;

        @Override
        public Integer call() {
            hub().deleteBranch(id(), branch);
            context.out().println("Deleted branch " + branch + " of " + repo);
            return 0;
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, description = "Tags a revision, or deletes a tag with --delete.")
    static final class Tag extends OnRepo {
        @Parameters(index = "1", paramLabel = "TAG", description = "The tag's name, e.g. v1.0.")
        String tag;

        @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit to tag (default: ${DEFAULT-VALUE}).")
        String revision;

        @Option(names = {"-m", "--message"}, description = "The tag's message.")
        String message;

        @Option(names = "--delete", description = "Delete the tag instead.")
        boolean delete;

        @Override
        public Integer call() {
            if (delete) {
                hub().deleteTag(id(), tag);
                context.out().println("Deleted tag " + tag + " of " + repo);
            } else {
                hub().createTag(id(), tag, revision, message);
                context.out().println("Tagged " + repo + "@" + revision + " as " + tag);
            }
            return 0;
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true,
            description = "Renames a repository or moves it to another owner; its history, files and settings go with it.")
    static final class Move extends OnRepo {
        @Parameters(index = "1", paramLabel = "NEW", description = "The new owner/name (datasets/owner/name for a dataset).")
        String target;

        @Override
        public Integer call() {
            try {
                hub().move(id(), RepoId.parse(target));
            } catch (ChorusClientException e) {
                if (e.status() == 404 && !"RepoNotFound".equals(e.errorCode())) {
                    throw new IllegalArgumentException(connection.url() + " cannot move repositories (it has no POST /api/repos/move): upgrade"
                            + " the server, or create " + target + ", upload the files and delete " + repo, e);
                }
                throw e;
            }
            context.out().println("Moved " + repo + " to " + target);
            return 0;
        }
    }

    @Command(name = "visibility", mixinStandardHelpOptions = true, description = "Makes a repository private or public.")
    static final class Visibility extends OnRepo {
        @Parameters(index = "1", paramLabel = "private|public", description = "private: only the owner and its members see it; public: everyone.")
        String visibility;

        @Override
        public Integer call() {
            boolean isPrivate = switch (visibility.toLowerCase(Locale.ROOT)) {
                case "private" -> true;
                case "public" -> false;
                default -> throw new IllegalArgumentException("visibility is private or public, not '" + visibility + "'");
            };
            hub().setPrivate(id(), isPrivate);
            context.out().println(repo + " is now " + (isPrivate ? "private" : "public"));
            return 0;
        }
    }

    @Command(name = "lfs-files", mixinStandardHelpOptions = true,
            description = "Lists the large files a repository holds (every upload, committed or not), oldest first; needs write access.")
    static final class LfsFiles extends OnRepo {
        @Option(names = "--limit", defaultValue = "1000", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, hub().lfsFiles(id(), limit), f -> row(f.sha256(), f.size(), f.pushedAt(),
                    f.filename().isEmpty() ? "(not on the default branch)" : f.filename()), "SHA256", "SIZE", "UPLOADED", "FILE");
        }
    }

    @Command(name = "lfs-rm", mixinStandardHelpOptions = true,
            description = {"Removes large files from a repository for good (needs admin access); history is not rewritten:",
                    "commits that name them show their pointers. 'chorus storage gc' on the server frees the bytes."})
    static final class LfsRemove extends OnRepo {
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "SHA256", description = "The files' sha256, as lfs-files lists them.")
        List<String> sha256s;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!confirmed(yes, "Remove " + sha256s.size() + " large file(s) from " + repo + " for good?")) {
                return 1;
            }
            List<String> removed = hub().deleteLfsFiles(id(), sha256s);
            context.out().println("Removed " + removed.size() + " large file(s) from " + repo
                    + (removed.size() < sha256s.size() ? " (" + (sha256s.size() - removed.size()) + " it did not hold)" : ""));
            return 0;
        }
    }

    @Command(name = "squash", mixinStandardHelpOptions = true,
            description = {"Replaces a branch's history by one commit of its current files (the Hub's super_squash_history).",
                    "Large files only the old commits named then show in lfs-files as not on the default branch."})
    static final class Squash extends OnRepo {
        @Option(names = "--branch", defaultValue = "main", description = "The branch (default: ${DEFAULT-VALUE}).")
        String branch;

        @Option(names = {"-m", "--message"}, description = "The commit's message (default: the server's).")
        String message;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!confirmed(yes, "Replace the history of " + repo + "'s " + branch + " by one commit?")) {
                return 1;
            }
            String commit = hub().superSquash(id(), branch, message);
            context.out().println("Squashed " + repo + "'s " + branch + " into " + commit);
            return 0;
        }
    }
}
