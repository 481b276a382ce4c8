package org.chorus.hub.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.chorus.core.db.Database;

final class SqlWebSessions implements WebSessions {

    private final Database db;
    private final Clock clock;

    SqlWebSessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public IssuedSession start(Account user, Role role, String tokenId) {
        if (role == Role.ADMIN) {
            throw new IllegalArgumentException("a session's role is read or write");
        }
        String secret = TokenSecrets.random(43);
        String csrf = TokenSecrets.random(43);
        Instant now = Instant.ofEpochMilli(clock.millis());
        db.useTransaction(h -> {
            // Expired sessions are swept here and on sign-out, by whichever node signs someone in or out: a plain
            // DELETE is safe when nodes race (each deletes what is expired, none depends on the other's rows), so no
            // node needs to own a scheduled job; the index on expires_at (V20) keeps it one range scan.
            h.createUpdate("DELETE FROM web_sessions WHERE expires_at <= :now").bind("now", now.toEpochMilli()).execute();
            h.createUpdate("INSERT INTO web_sessions (id_hash, user_id, role, csrf, created_at, expires_at, token_id)"
                            + " VALUES (:id, :u, :r, :c, :t, :e, :token)")
                    .bind("id", TokenSecrets.hash(secret)).bind("u", user.id()).bind("r", role.wire()).bind("c", csrf)
                    .bind("token", tokenId)
                    .bind("t", now.toEpochMilli()).bind("e", now.plus(LIFETIME).toEpochMilli()).execute();
        });
        return new IssuedSession(secret, new WebSession(principal(TokenSecrets.hash(secret), user, role, now), csrf));
    }

    @Override
    public Optional<WebSession> find(String secret) {
        if (secret == null || secret.length() != 43) {
            return Optional.empty();
        }
        return byHash(TokenSecrets.hash(secret));
    }

    @Override
    public Optional<Principal> principal(String tokenId) {
        if (tokenId == null || !tokenId.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return byHash(tokenId.substring(TOKEN_PREFIX.length())).map(WebSession::principal);
    }

    private Optional<WebSession> byHash(String idHash) {
        long now = clock.millis();
        return db.withHandle(h -> h.createQuery("SELECT s.role, s.csrf, s.created_at, a.id, a.name, a.kind, a.fullname, a.email,"
                        + " a.site_admin, a.created_at AS account_created FROM web_sessions s JOIN accounts a ON a.id = s.user_id"
                        + " WHERE s.id_hash = :id AND s.expires_at > :now")
                .bind("id", idHash).bind("now", now)
                .map((rs, ctx) -> {
                    Account user = new Account(rs.getString("id"), rs.getString("name"), Account.Kind.USER, rs.getString("fullname"),
                            rs.getString("email"), rs.getBoolean("site_admin"), Instant.ofEpochMilli(rs.getLong("account_created")));
                    return new WebSession(principal(idHash, user, Role.parse(rs.getString("role")), Instant.ofEpochMilli(rs.getLong("created_at"))),
                            rs.getString("csrf"));
                }).findOne());
    }

    @Override
    public void end(String secret) {
        if (secret != null) {
            db.useTransaction(h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :id OR expires_at <= :now")
                    .bind("id", TokenSecrets.hash(secret)).bind("now", clock.millis()).execute());
        }
    }

    /**
     * A session's principal. Its token id is {@link #TOKEN_PREFIX} and the stored hash of the cookie secret (never the
     * secret): credentials derived from it (signed LFS URLs) name the session, and stop working when it ends.
     */
    private static Principal principal(String idHash, Account user, Role role, Instant started) {
        return new Principal(user, new TokenInfo(TOKEN_PREFIX + idHash, user.id(), "web session", role, started, null, null));
    }
}
