package org.chorus.server.fl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.federated.ModelPublisher;
import org.chorus.federated.ModelSource;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.FileEntry;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;

/** The coordinator's hub ports: base models are read from model repositories and each round is committed to one. */
final class HubModelPorts implements ModelSource, ModelPublisher {
    private final Repos repos;
    private final LargeFileStore largeFiles;

    HubModelPorts(Repos repos, LargeFileStore largeFiles) {
        this.repos = repos;
        this.largeFiles = largeFiles;
    }

    static RepoId modelRepo(String ownerSlashName) {
        int slash = ownerSlashName == null ? -1 : ownerSlashName.indexOf('/');
        if (slash <= 0) {
            throw ChorusException.invalid("a model repository is owner/name, got '" + ownerSlashName + "'");
        }
        return RepoId.of(RepoType.MODEL, ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
    }

    @Override
    public byte[] read(String repo, String revision, String path) {
        Repo r = repos.get(Optional.of(SystemPrincipal.INSTANCE), modelRepo(repo));
        FileEntry file = repos.file(r, revision, path);
        long size = file.lfs() != null ? file.lfs().size() : file.size();
        try (InputStream in = repos.open(r, file, 0, size)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + repo + "@" + revision + ":" + path, e);
        }
    }

    @Override
    public String commit(String repo, String message, Map<String, byte[]> files) {
        RepoId id = modelRepo(repo);
        Repo r = repos.get(Optional.of(SystemPrincipal.INSTANCE), id);
        List<CommitOp> ops = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (bytes.length >= Repos.MAX_REGULAR_FILE_BYTES) {
                String sha = sha256(bytes);
                largeFiles.put(sha, bytes.length, new ByteArrayInputStream(bytes));
                repos.recordLargeFile(r, sha, bytes.length);
                ops.add(new CommitOp.AddLfsFile(path, sha, bytes.length));
            } else {
                ops.add(new CommitOp.AddFile(path, bytes));
            }
        });
        return repos.commit(SystemPrincipal.INSTANCE, id, new CommitRequest("main", message, "", null, ops));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
