package org.chorus.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.client.HubClient;
import org.chorus.client.HubModels.TreeEntry;
import org.chorus.client.ProgressListener;
import org.chorus.client.RepoId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads one file or a whole repository into the local cache (keyed by commit) and prints where.",
                "Files already cached for that commit are not fetched again; interrupted downloads resume."})
final class DownloadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "REPO", description = "A repository: owner/name for a model, datasets/owner/name for a dataset.")
    String repo;

    @Parameters(index = "1", paramLabel = "PATH", arity = "0..1", description = "One file (default: every file).")
    String path;

    @Option(names = "--revision", defaultValue = "main", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--cache-dir", description = "Cache root (default: ~/.chorus/cache).")
    Path cacheDir;

    @Option(names = "--local-dir", description = "Also copy the files here, keeping their repository paths.")
    Path localDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars (they are also left out when output is not a terminal).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        RepoId id = RepoId.parse(repo);
        HubClient hub = client().hub(context.chorusHome());
        Path cache = cacheDir != null ? cacheDir : context.chorusHome().resolve("cache");
        List<String> paths = path != null ? List.of(path)
                : hub.listFiles(id, revision).stream().filter(e -> "file".equals(e.type())).map(TreeEntry::path).toList();
        ProgressListener bars = ProgressBars.forContext(context, quiet);
        Map<String, Long> fetched = new ConcurrentHashMap<>();
        ProgressListener progress = (file, phase, done, total) -> {
            fetched.put(file, done);
            bars.progress(file, phase, done, total);
        };
        long started = System.nanoTime();
        for (String p : paths) {
            Path cached = hub.download(id, revision, p, cache, progress);
            Path shown = cached;
            if (localDir != null) {
                shown = localDir.resolve(p).normalize();
                if (!shown.startsWith(localDir.normalize())) {
                    throw new IOException("refusing to write outside " + localDir + ": " + p);
                }
                Files.createDirectories(shown.getParent());
                Files.copy(cached, shown, StandardCopyOption.REPLACE_EXISTING);
            }
            context.out().println(shown);
        }
        if (bars instanceof ProgressBars b) {
            b.close();
        }
        long bytes = fetched.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        context.err().println(fetched.isEmpty() ? "Downloaded nothing: " + (paths.size() == 1 ? "the file was" : "every file was") + " in the cache."
                : "Downloaded " + Sizes.human(bytes) + " in " + Sizes.duration(seconds) + " (" + Sizes.human((long) (bytes / seconds)) + "/s)"
                + (fetched.size() < paths.size() ? "; " + (paths.size() - fetched.size()) + " file(s) were in the cache." : "."));
        return 0;
    }
}
