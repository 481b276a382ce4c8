package org.chorus.hub.repos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chorus.core.db.Database;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Records the commits of a repository's branches in {@code hub_commits}: after a ref moved, each branch is walked
 * back from its head until commits already recorded. Whether the commit came through the API or a git push, its
 * author is attributed by email as GitHub does (the account's email, or {@code name@users.noreply.chorus}, which
 * API commits carry). Idempotent; a failed run is repaired by the next ref move.
 */
final class CommitLog {
    static final String NOREPLY = "@users.noreply.chorus";
    /** Commits recorded per run at most; a push of more (an imported history) records the newest ones. */
    private static final int MAX_PER_RUN = 10_000;

    private final Database db;

    CommitLog(Database db) {
        this.db = db;
    }

    private record Row(String sha, String email, String name, long at, String title) {}

    void record(Repo repo, Repository git) {
        List<Row> rows = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git)) {
            Deque<RevCommit> pending = new ArrayDeque<>();
            Set<String> seen = new HashSet<>();
            for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                if (ref.getObjectId() != null) {
                    pending.add(walk.parseCommit(ref.getObjectId()));
                }
            }
            // back from each head until a recorded commit: history below one was recorded with it
            while (!pending.isEmpty() && rows.size() < MAX_PER_RUN) {
                RevCommit c = pending.poll();
                if (!seen.add(c.name()) || recorded(repo, c.name())) {
                    continue;
                }
                String title = c.getShortMessage();
                rows.add(new Row(c.name(), c.getAuthorIdent().getEmailAddress(), c.getAuthorIdent().getName(), c.getCommitTime() * 1000L,
                        title.length() > 200 ? title.substring(0, 200) : title));
                for (RevCommit parent : c.getParents()) {
                    pending.add(walk.parseCommit(parent));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            return;
        }
        db.useTransaction(h -> {
            var insert = h.prepareBatch("INSERT INTO hub_commits (repo_id, sha, author_id, author_name, committed_at, title)"
                    + " VALUES (:repo, :sha, (SELECT MIN(id) FROM accounts WHERE kind = 'user' AND (LOWER(email) = :email OR name_key = :noreply)),"
                    + " :name, :at, :title) ON CONFLICT (repo_id, sha) DO NOTHING");
            for (Row r : rows) {
                String email = r.email() == null ? "" : r.email().toLowerCase(Locale.ROOT);
                String noreply = email.endsWith(NOREPLY) ? email.substring(0, email.length() - NOREPLY.length()) : "";
                insert.bind("repo", repo.id()).bind("sha", r.sha()).bind("email", email).bind("noreply", noreply)
                        .bind("name", r.name().length() > 256 ? r.name().substring(0, 256) : r.name()).bind("at", r.at())
                        .bind("title", r.title()).add();
            }
            insert.execute();
        });
    }

    private boolean recorded(Repo repo, String sha) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_commits WHERE repo_id = :r AND sha = :s")
                .bind("r", repo.id()).bind("s", sha).mapTo(Long.class).one() > 0);
    }
}
