package org.chorus.hub.repos;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;

final class SqlRepoLikes implements RepoLikes {
    private final Database db;
    private final Clock clock;
    private final RepoAccess access;
    private final Trending trending;

    SqlRepoLikes(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.access = new RepoAccess(db);
        this.trending = new Trending(db, clock);
    }

    @Override
    public long like(Principal actor, RepoId id, boolean like) {
        Repo repo = access.require(Optional.of(actor), id, Role.READ);
        actor.requireWriteToken();
        long now = clock.millis();
        return db.inTransaction(h -> {
            // the count is recomputed from the rows, not incremented: a repeated like or unlike changes nothing
            h.createUpdate("DELETE FROM hub_likes WHERE repo_id = :r AND user_id = :u").bind("r", repo.id()).bind("u", actor.user().id()).execute();
            if (like) {
                h.createUpdate("INSERT INTO hub_likes (repo_id, user_id, created_at) VALUES (:r, :u, :t)")
                        .bind("r", repo.id()).bind("u", actor.user().id()).bind("t", now).execute();
            }
            h.createUpdate("UPDATE hub_repos SET likes = (SELECT COUNT(*) FROM hub_likes WHERE repo_id = :r) WHERE id = :r")
                    .bind("r", repo.id()).execute();
            trending.recompute(h, repo.id());
            ChangeLog.record(h, repo.id(), now);
            return h.createQuery("SELECT likes FROM hub_repos WHERE id = :r").bind("r", repo.id()).mapTo(Long.class).one();
        });
    }

    @Override
    public boolean likes(Optional<Principal> caller, Repo repo) {
        return caller.isPresent() && db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_likes WHERE repo_id = :r AND user_id = :u")
                .bind("r", repo.id()).bind("u", caller.get().user().id()).mapTo(Long.class).one() > 0);
    }

    @Override
    public Page<LikedRepo> likedBy(Optional<Principal> caller, String user, int offset, int limit) {
        Page.requireWindow(offset, limit);
        Map<String, Object> binds = new HashMap<>();
        binds.put("user", user.toLowerCase(Locale.ROOT));
        binds.put("limit", limit + 1);
        binds.put("offset", offset);
        String sql = "SELECT r.kind, a.name AS owner_name, r.name, l.created_at FROM hub_likes l JOIN hub_repos r ON r.id = l.repo_id"
                + " JOIN accounts a ON a.id = r.owner_id WHERE l.user_id = :liker" + Visibility.clause(caller, binds)
                + " ORDER BY l.created_at DESC, r.id DESC LIMIT :limit OFFSET :offset";
        return db.withHandle(h -> {
            String liker = h.createQuery("SELECT id FROM accounts WHERE name_key = :user AND kind = 'user'").bind("user", binds.get("user"))
                    .mapTo(String.class).findOne().orElseThrow(() -> ChorusException.notFound("no user named '" + user + "'"));
            binds.put("liker", liker);
            return Page.ofOneMore(h.createQuery(sql).bindMap(binds).map((rs, ctx) -> new LikedRepo(
                    new RepoId(RepoType.parse(rs.getString("kind")), rs.getString("owner_name"), rs.getString("name")),
                    Instant.ofEpochMilli(rs.getLong("created_at")))).list(), limit);
        });
    }

    @Override
    public Page<Liker> likers(Optional<Principal> caller, RepoId id, int offset, int limit) {
        Page.requireWindow(offset, limit);
        Repo repo = access.require(caller, id, Role.READ);
        return db.withHandle(h -> Page.ofOneMore(h.createQuery("SELECT a.name, a.fullname, l.created_at FROM hub_likes l JOIN accounts a ON a.id = l.user_id"
                        + " WHERE l.repo_id = :r ORDER BY l.created_at DESC, a.id DESC LIMIT :limit OFFSET :offset")
                .bind("r", repo.id()).bind("limit", limit + 1).bind("offset", offset)
                .map((rs, ctx) -> new Liker(rs.getString("name"), rs.getString("fullname"), Instant.ofEpochMilli(rs.getLong("created_at")))).list(), limit));
    }
}
