package org.chorus.hub.git;

import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.eclipse.jgit.internal.storage.dfs.DfsRefDatabase;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.SymbolicRef;
import org.eclipse.jgit.util.RefList;

/**
 * Refs as rows of {@code hub_refs}; every change is one conditional statement, so two writers racing on a
 * branch cannot both win. {@code HEAD} is not stored: it always points at {@code refs/heads/main}.
 */
final class SqlRefDatabase extends DfsRefDatabase {
    static final String MAIN = Constants.R_HEADS + "main";

    private final Database db;
    private final String repoId;

    SqlRefDatabase(DfsRepository repo, Database db, String repoId) {
        super(repo);
        this.db = db;
        this.repoId = repoId;
    }

    @Override
    protected RefCache scanAllRefs() {
        List<Ref> rows = db.withHandle(h -> h.createQuery("SELECT name, target FROM hub_refs WHERE repo_id = :r ORDER BY name")
                .bind("r", repoId)
                .map((rs, ctx) -> (Ref) new ObjectIdRef.Unpeeled(Ref.Storage.LOOSE, rs.getString("name"),
                        ObjectId.fromString(rs.getString("target"))))
                .list());
        Ref main = rows.stream().filter(r -> r.getName().equals(MAIN)).findFirst()
                .orElse(new ObjectIdRef.Unpeeled(Ref.Storage.NEW, MAIN, null));
        Ref head = new SymbolicRef(Constants.HEAD, main);
        RefList.Builder<Ref> ids = new RefList.Builder<>();
        ids.add(head);
        rows.forEach(ids::add);
        ids.sort();
        RefList.Builder<Ref> sym = new RefList.Builder<>();
        sym.add(head);
        return new RefCache(ids.toRefList(), sym.toRefList());
    }

    @Override
    protected boolean compareAndPut(Ref oldRef, Ref newRef) {
        if (newRef.isSymbolic() || newRef.getName().equals(Constants.HEAD)) {
            // HEAD is fixed; re-pointing it at main changes nothing, anything else is refused
            return newRef.isSymbolic() && newRef.getTarget().getName().equals(MAIN);
        }
        String name = newRef.getName();
        String target = newRef.getObjectId().name();
        ObjectId expected = oldRef == null ? null : oldRef.getObjectId();
        try {
            return db.inTransaction(h -> {
                if (expected == null) {
                    return h.createUpdate("INSERT INTO hub_refs (repo_id, name, target) VALUES (:r, :n, :t)")
                            .bind("r", repoId).bind("n", name).bind("t", target).execute() == 1;
                }
                return h.createUpdate("UPDATE hub_refs SET target = :t WHERE repo_id = :r AND name = :n AND target = :o")
                        .bind("r", repoId).bind("n", name).bind("t", target).bind("o", expected.name()).execute() == 1;
            });
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    /** No reflog is kept: history lives in commits, and ref moves are not audited yet. */
    @Override
    public ReflogReader getReflogReader(Ref ref) {
        return new ReflogReader() {
            @Override
            public ReflogEntry getLastEntry() {
                return null;
            }

            @Override
            public List<ReflogEntry> getReverseEntries() {
                return List.of();
            }

            @Override
            public ReflogEntry getReverseEntry(int number) {
                return null;
            }

            @Override
            public List<ReflogEntry> getReverseEntries(int max) {
                return List.of();
            }
        };
    }

    @Override
    protected boolean compareAndRemove(Ref oldRef) {
        if (oldRef.isSymbolic() || oldRef.getObjectId() == null) {
            return false;
        }
        return db.inTransaction(h -> h.createUpdate("DELETE FROM hub_refs WHERE repo_id = :r AND name = :n AND target = :o")
                .bind("r", repoId).bind("n", oldRef.getName()).bind("o", oldRef.getObjectId().name()).execute() == 1);
    }
}
