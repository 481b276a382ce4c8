package org.chorus.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.FileTrees;
import org.chorus.storage.BlobStore;
import org.chorus.storage.FullDisk;

/** Artifacts as files under a root directory; writes go to a temp file, are fsynced, then renamed into place. */
final class DirectoryArtifactStore implements ArtifactStore {
    private final Path root;
    private final Path files;
    private final ArtifactUploads uploads;

    DirectoryArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.files = this.root.resolve("files");
        this.uploads = new ArtifactUploads(BlobStore.directory(this.root.resolve("uploads")));
    }

    private Path resolve(String path, boolean allowRoot) {
        String p = ArtifactPaths.require(path, allowRoot);
        Path resolved = p.isEmpty() ? files : files.resolve(p).normalize();
        if (!resolved.startsWith(files)) {
            throw ChorusException.invalid("Invalid artifact path '" + path + "'");
        }
        return resolved;
    }

    @Override
    public void put(String path, InputStream bytes) {
        Path target = resolve(path, false);
        try {
            Files.createDirectories(target.getParent());
            if (Files.isDirectory(target)) {
                throw ChorusException.invalid("Artifact path '" + path + "' is a directory");
            }
            Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    bytes.transferTo(out);
                }
                publish(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static void publish(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public InputStream get(String path) {
        Path p = resolve(path, false);
        try {
            if (Files.isDirectory(p)) {
                throw ChorusException.invalid("Artifact path '" + path + "' is a directory; list it instead");
            }
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw ChorusException.notFound("No artifact at '" + path + "'");
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public List<Entry> list(String path) {
        Path dir = resolve(path, true);
        String prefix = ArtifactPaths.require(path, true);
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path c : children) {
                String name = c.getFileName().toString();
                if (name.startsWith(".upload-")) {
                    continue;
                }
                boolean isDir = Files.isDirectory(c);
                out.add(new Entry(prefix.isEmpty() ? name : prefix + "/" + name, isDir, isDir ? 0 : Files.size(c)));
            }
        } catch (IOException e) {
            throw failure(e);
        }
        out.sort(Comparator.comparing(Entry::path));
        return out;
    }

    @Override
    public void delete(String path) {
        Path p = resolve(path, false);
        if (!Files.exists(p)) {
            throw ChorusException.notFound("No artifact at '" + path + "'");
        }
        deleteTree(p);
    }

    private static void deleteTree(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public String createUpload(String path) {
        resolve(path, false);
        return uploads.create();
    }

    @Override
    public void putPart(String uploadId, int partNumber, InputStream bytes) {
        uploads.putPart(uploadId, partNumber, bytes);
    }

    @Override
    public void completeUpload(String path, String uploadId, List<Integer> partNumbers) {
        uploads.join(uploadId, partNumbers, joined -> put(path, joined));
    }

    @Override
    public void abortUpload(String uploadId) {
        uploads.abort(uploadId);
    }

    private static ChorusException failure(IOException e) {
        if (FullDisk.is(e)) {
            return new ChorusException(ErrorCode.STORAGE_FULL, "artifact storage is full", e);
        }
        return new ChorusException(ErrorCode.INTERNAL, "artifact storage failed: " + e.getMessage(), new UncheckedIOException(e));
    }
}
