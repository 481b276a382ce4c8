package org.chorus.hub.git;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.chorus.core.db.Database;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsOutputStream;
import org.eclipse.jgit.internal.storage.dfs.DfsPackDescription;
import org.eclipse.jgit.internal.storage.dfs.DfsReaderOptions;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.dfs.ReadableChannel;
import org.eclipse.jgit.internal.storage.pack.PackExt;

/**
 * Pack files as blobs {@code <repo>/<pack>.<ext>} of a {@link BlobStore} (the object store's {@code blobs/git/}, so a
 * node's disk holds no git byte another node needs). A pack is written to a scratch file, stored as a blob (durable
 * when {@code put} returns) and only then does its row get inserted: a pack is visible only once its bytes are
 * durable. Pack names are random and never reused, so the shared block cache can key on them.
 */
final class BlobObjDatabase extends DfsObjDatabase {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final BlobStore blobs;
    private final Path scratch;
    private final Clock clock;
    private final String repoId;

    BlobObjDatabase(DfsRepository repo, Database db, BlobStore blobs, Path scratch, Clock clock, String repoId) {
        super(repo, new DfsReaderOptions());
        this.db = db;
        this.blobs = blobs;
        this.scratch = scratch;
        this.clock = clock;
        this.repoId = repoId;
    }

    private String blobName(DfsPackDescription desc, PackExt ext) {
        return repoId + "/" + desc.getFileName(ext);
    }
    @Override
    protected DfsPackDescription newPack(PackSource source) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return new DfsPackDescription(getRepository().getDescription(), "pack-" + HexFormat.of().formatHex(id), source);
    }

    @Override
    protected void commitPackImpl(Collection<DfsPackDescription> desc, Collection<DfsPackDescription> replaces) {
        long now = clock.millis();
        db.useTransaction(h -> {
            for (DfsPackDescription d : desc) {
                h.createUpdate("INSERT INTO hub_packs (repo_id, name, source, files, object_count, created_at)"
                                + " VALUES (:r, :n, :s, :f, :c, :t)")
                        .bind("r", repoId).bind("n", d.getPackName()).bind("s", d.getPackSource().name())
                        .bind("f", files(d)).bind("c", d.getObjectCount()).bind("t", now).execute();
            }
            if (replaces != null) {
                for (DfsPackDescription d : replaces) {
                    h.createUpdate("DELETE FROM hub_packs WHERE repo_id = :r AND name = :n")
                            .bind("r", repoId).bind("n", d.getPackName()).execute();
                }
            }
        });
        clearCache();
    }

    private static String files(DfsPackDescription d) {
        StringJoiner j = new StringJoiner(",");
        for (PackExt ext : PackExt.values()) {
            if (d.hasFileExt(ext)) {
                j.add(ext.name() + ":" + d.getFileSize(ext));
            }
        }
        return j.toString();
    }

    @Override
    protected void rollbackPack(Collection<DfsPackDescription> desc) {
        for (DfsPackDescription d : desc) {
            for (PackExt ext : PackExt.values()) {
                try {
                    blobs.delete(blobName(d, ext));
                } catch (RuntimeException e) {
                    // best effort: an unreferenced blob is garbage, never visible; compaction sweeps it later
                }
            }
        }
    }

    @Override
    protected List<DfsPackDescription> listPacks() {
        return db.withHandle(h -> h.createQuery("SELECT name, source, files, object_count, created_at FROM hub_packs"
                        + " WHERE repo_id = :r ORDER BY created_at DESC, name")
                .bind("r", repoId)
                .map((rs, ctx) -> {
                    DfsPackDescription d = new DfsPackDescription(getRepository().getDescription(), rs.getString("name"),
                            PackSource.valueOf(rs.getString("source")));
                    for (String f : rs.getString("files").split(",")) {
                        if (!f.isEmpty()) {
                            int colon = f.indexOf(':');
                            PackExt ext = PackExt.valueOf(f.substring(0, colon));
                            d.addFileExt(ext);
                            d.setFileSize(ext, Long.parseLong(f.substring(colon + 1)));
                        }
                    }
                    d.setObjectCount(rs.getLong("object_count"));
                    d.setLastModified(rs.getLong("created_at"));
                    return d;
                }).list());
    }

    @Override
    public long getApproximateObjectCount() {
        return db.withHandle(h -> h.createQuery("SELECT COALESCE(SUM(object_count), 0) FROM hub_packs WHERE repo_id = :r")
                .bind("r", repoId).mapTo(Long.class).one());
    }

    @Override
    protected ReadableChannel openFile(DfsPackDescription desc, PackExt ext) throws IOException {
        String name = blobName(desc, ext);
        Optional<Path> local = blobs.localFile(name);
        if (local.isPresent()) {
            try {
                return new FileReadableChannel(FileChannel.open(local.get(), StandardOpenOption.READ));
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException(name);
            }
        }
        // the size hub_packs recorded, not a HEAD per file opened (each node opens every new pack: a round trip per
        // node); a blob gone since fails at its first read, as a missing one would here
        long known = desc.getFileSize(ext);
        long size = known > 0 ? known : blobs.stat(name).orElseThrow(() -> new FileNotFoundException(name)).size();
        return new BlobReadableChannel(blobs, name, size);
    }

    @Override
    protected DfsOutputStream writeFile(DfsPackDescription desc, PackExt ext) throws IOException {
        Files.createDirectories(scratch);
        Path temp = Files.createTempFile(scratch, "pack-", "." + ext.getExtension());
        return new BlobOut(temp, blobs, blobName(desc, ext));
    }

    /**
     * Writes a scratch file (JGit reads a pack back while writing it, to build its index); on close stores it as
     * the blob and deletes it. A node that dies mid-write leaves only a scratch file, which nothing references.
     */
    private static final class BlobOut extends DfsOutputStream {
        private final Path temp;
        private final BlobStore blobs;
        private final String name;
        private final FileChannel channel;
        private boolean closed;

        BlobOut(Path temp, BlobStore blobs, String name) throws IOException {
            this.temp = temp;
            this.blobs = blobs;
            this.name = name;
            this.channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        @Override
        public int read(long position, ByteBuffer buf) throws IOException {
            return channel.read(buf, position);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            channel.close();
            try {
                blobs.put(name, temp);
            } catch (RuntimeException e) {
                throw new IOException("cannot store " + name + ": " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static final class FileReadableChannel implements ReadableChannel {
        private final FileChannel channel;

        FileReadableChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public void position(long newPosition) throws IOException {
            channel.position(newPosition);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public int blockSize() {
            return 0;
        }

        @Override
        public void setReadAheadBytes(int bufferSize) {
            // the OS reads ahead for local files
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

}
