package org.chorus.hub.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.chorus.core.db.Database;

final class SqlWebSessions implements WebSessions {
    /** The session's token id: it names no row of {@code tokens}, so credentials derived from it never resolve. */
    static final String TOKEN_ID = "web-session";

    private final Database db;
    private final Clock clock;

    SqlWebSessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public IssuedSession start(Account user, Role role) {
        if (role == Role.ADMIN) {
            throw new IllegalArgumentException("a session's role is read or write");
        }
        String secret = TokenSecrets.random(43);
        String csrf = TokenSecrets.random(43);
        Instant now = Instant.ofEpochMilli(clock.millis());
        db.useTransaction(h -> h.createUpdate("INSERT INTO web_sessions (id_hash, user_id, role, csrf, created_at, expires_at)"
                        + " VALUES (:id, :u, :r, :c, :t, :e)")
                .bind("id", TokenSecrets.hash(secret)).bind("u", user.id()).bind("r", role.wire()).bind("c", csrf)
                .bind("t", now.toEpochMilli()).bind("e", now.plus(LIFETIME).toEpochMilli()).execute());
        return new IssuedSession(secret, new WebSession(principal(user, role, now), csrf));
    }

    @Override
    public Optional<WebSession> find(String secret) {
        if (secret == null || secret.length() != 43) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.withHandle(h -> h.createQuery("SELECT s.role, s.csrf, s.created_at, a.id, a.name, a.kind, a.fullname, a.email,"
                        + " a.site_admin, a.created_at AS account_created FROM web_sessions s JOIN accounts a ON a.id = s.user_id"
                        + " WHERE s.id_hash = :id AND s.expires_at > :now")
                .bind("id", TokenSecrets.hash(secret)).bind("now", now)
                .map((rs, ctx) -> {
                    Account user = new Account(rs.getString("id"), rs.getString("name"), Account.Kind.USER, rs.getString("fullname"),
                            rs.getString("email"), rs.getBoolean("site_admin"), Instant.ofEpochMilli(rs.getLong("account_created")));
                    return new WebSession(principal(user, Role.parse(rs.getString("role")), Instant.ofEpochMilli(rs.getLong("created_at"))),
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

    private static Principal principal(Account user, Role role, Instant started) {
        return new Principal(user, new TokenInfo(TOKEN_ID, user.id(), "web session", role, started, null, null));
    }
}
