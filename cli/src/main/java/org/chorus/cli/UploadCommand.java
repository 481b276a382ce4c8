package org.chorus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chorus.client.ChorusClientException;
import org.chorus.client.HubClient;
import org.chorus.client.HubModels.CommitResult;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.client.ProgressListener;
import org.chorus.client.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Uploads a file or a folder to a repository in one commit.",
                "Large files go over Xet when the server offers it: only chunks the server does not have are sent.",
                "Otherwise they go through LFS in parts, and an interrupted upload resumes when run again.",
                "Shows progress at a terminal (bytes, rate, ETA, bytes deduplicated), then what was sent and deduplicated."})
final class UploadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
    String repo;

    @Parameters(index = "1", paramLabel = "PATH", description = "A file or a folder.")
    Path local;

    @Option(names = "--path-in-repo", description = "Where it goes in the repository (default: the file name, or the root for a folder).")
    String pathInRepo;

    @Option(names = "--revision", defaultValue = "main", description = "Branch to commit to (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = {"-m", "--message"}, description = "Commit message.")
    String message;

    @Option(names = "--create", description = "Create the repository (public; with --private, private) when it does not exist.")
    boolean create;

    @Option(names = "--private", description = "With --create: create it private.")
    boolean isPrivate;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars (they are also left out when output is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        List<UploadFile> files = collect();
        if (files.isEmpty()) {
            context.err().println("error: nothing to upload in " + local);
            return 2;
        }
        String summary = message != null ? message : "Upload " + (files.size() == 1 ? files.getFirst().pathInRepo() : files.size() + " files");
        ProgressListener progress = ProgressBars.forContext(context, quiet);
        HubClient hub = client().hub(context.chorusHome());
        RepoId id = RepoId.parse(repo);
        CommitResult result;
        try {
            result = hub.upload(id, revision, files, summary, progress);
        } catch (ChorusClientException e) {
            if (!"RepoNotFound".equals(e.errorCode())) {
                throw e;
            }
            if (!create) {
                throw new IllegalArgumentException("no repository " + repo + " (or you cannot see it): create it with"
                        + " chorus repo create " + repo + ", or upload with --create");
            }
            hub.createRepo(id, isPrivate);
            context.err().println("Created " + repo + (isPrivate ? " (private)" : ""));
            result = hub.upload(id, revision, files, summary, progress);
        } finally {
            if (progress instanceof ProgressBars bars) {
                bars.close();
            }
        }
        if (result.nothingToCommit()) {
            context.out().println("Nothing to commit: " + repo + "@" + revision + " already has these " + files.size() + " file(s).");
        } else {
            context.out().println("Committed " + result.filesChanged() + " file(s) to " + repo + "@" + revision + ": " + result.commitOid()
                    + (result.filesChanged() < files.size() ? " (" + (files.size() - result.filesChanged()) + " unchanged)" : ""));
        }
        context.out().println("Sent " + Sizes.human(result.bytesSent()) + "; deduplicated " + Sizes.human(result.bytesDeduplicated())
                + " (content the server already had).");
        return 0;
    }

    private List<UploadFile> collect() throws IOException {
        if (Files.isRegularFile(local)) {
            return List.of(new UploadFile(pathInRepo != null ? pathInRepo : local.getFileName().toString(), local));
        }
        if (!Files.isDirectory(local)) {
            throw new IOException("no such file or folder: " + local);
        }
        String prefix = pathInRepo == null || pathInRepo.isBlank() ? "" : pathInRepo.replaceAll("/+$", "") + "/";
        List<UploadFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(local)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !local.relativize(p).startsWith(".git"))
                    .sorted()
                    .forEach(p -> files.add(new UploadFile(prefix + local.relativize(p).toString().replace('\\', '/'), p)));
        }
        return files;
    }
}
