package org.chorus.hub.git;

import java.nio.file.Path;
import java.time.Clock;
import org.chorus.core.db.Database;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.internal.storage.dfs.DfsObjDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryBuilder;
import org.eclipse.jgit.lib.RefDatabase;

/** A JGit DFS repository whose packs are blobs of the object store and whose pack list and refs sit in SQL. */
final class SqlDfsRepository extends DfsRepository {
    private final BlobObjDatabase objects;
    private final SqlRefDatabase refs;

    private SqlDfsRepository(Builder builder) {
        super(builder);
        String repoId = builder.getRepositoryDescription().getRepositoryName();
        this.objects = new BlobObjDatabase(this, builder.db, builder.blobs, builder.scratch, builder.clock, repoId);
        this.refs = new SqlRefDatabase(this, builder.db, repoId);
    }

    @Override
    public DfsObjDatabase getObjectDatabase() {
        return objects;
    }

    @Override
    public RefDatabase getRefDatabase() {
        return refs;
    }

    static final class Builder extends DfsRepositoryBuilder<Builder, SqlDfsRepository> {
        private final Database db;
        private final BlobStore blobs;
        private final Path scratch;
        private final Clock clock;

        Builder(Database db, BlobStore blobs, Path scratch, Clock clock) {
            this.db = db;
            this.blobs = blobs;
            this.scratch = scratch;
            this.clock = clock;
        }

        @Override
        public SqlDfsRepository build() {
            return new SqlDfsRepository(this);
        }
    }
}
