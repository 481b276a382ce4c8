package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * git and git-lfs through nginx: clones a repository, then each round commits a text file and a 64 KiB LFS file and
 * pushes, retrying the push until it goes through. Records each pushed commit and each file's SHA-256.
 */
final class GitWorkload extends Workload {
    final List<String> pushedCommits = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> files = new ConcurrentHashMap<>();
    private final Path work;
    private final Random random = new Random(20);

    GitWorkload(Path dir, String remote) throws Exception {
        super("git");
        Files.createDirectories(dir);
        this.work = dir.resolve("work");
        Processes.Result clone = git(dir, "clone", remote, work.toString());
        assertThat(clone.exitCode()).as(clone.output()).isZero();
        ok(git(work, "lfs", "install", "--local"));
        ok(git(work, "lfs", "track", "*.bin")); // a new repository's .gitattributes may already say so
        if (!ok(git(work, "status", "--porcelain")).output().isBlank()) {
            ok(git(work, "add", ".gitattributes"));
            ok(git(work, "commit", "-m", "track .bin files with LFS"));
        }
    }

    @Override
    void round(int round) throws Exception {
        byte[] blob = new byte[64 << 10];
        random.nextBytes(blob);
        Files.write(work.resolve("blob-" + round + ".bin"), blob);
        Files.writeString(work.resolve("notes-" + round + ".txt"), "round " + round + "\n");
        ok(git(work, "add", "-A"));
        ok(git(work, "commit", "-m", "round " + round));
        retrying("push round " + round, () -> ok(git(work, "push", "origin", "HEAD:main")));
        pushedCommits.add(ok(git(work, "rev-parse", "HEAD")).output().strip());
        files.put("blob-" + round + ".bin", sha256(blob));
        files.put("notes-" + round + ".txt", sha256(("round " + round + "\n").getBytes()));
    }

    private static Processes.Result ok(Processes.Result r) {
        if (r.exitCode() != 0) {
            throw new IllegalStateException(r.output());
        }
        return r;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** git with a fixed identity, no prompt, no system config; LFS files stay pointers when {@code skipSmudge}. */
    static Processes.Result git(Path cwd, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Scale Out", "-c", "user.email=scaleout@example.com"));
        command.addAll(List.of(args));
        return Processes.run(cwd, Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1", "GIT_LFS_SKIP_SMUDGE", "1"), 120, command);
    }
}
