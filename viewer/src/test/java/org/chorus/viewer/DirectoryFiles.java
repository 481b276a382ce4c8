package org.chorus.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.chorus.hub.repos.Repo;

/** A stub of the hub's storage: a repository's files are a directory's, plus generated files of any size. */
final class DirectoryFiles implements RepoFiles {
    private final Path root;
    private final Map<String, Generated> generated = new LinkedHashMap<>();
    int opened;

    private record Generated(long size, LongFunction<InputStream> open) {}

    DirectoryFiles(Path root) {
        this.root = root;
    }

    /** A file of {@code size} bytes whose first {@code length} bytes {@code open} makes on demand. */
    void generate(String path, long size, LongFunction<InputStream> open) {
        generated.put(path, new Generated(size, open));
    }

    @Override
    public List<StoredFile> list(Repo repo, String commit) {
        List<StoredFile> out = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.add(new StoredFile(root.relativize(p).toString(), Files.size(p), sha256(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        generated.forEach((path, g) -> out.add(new StoredFile(path, g.size(), sha256((path + g.size()).getBytes()))));
        return out;
    }

    @Override
    public InputStream open(Repo repo, String commit, StoredFile file, long length) {
        opened++;
        Generated g = generated.get(file.path());
        if (g != null) {
            return g.open().apply(length);
        }
        try {
            return Files.newInputStream(root.resolve(file.path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
