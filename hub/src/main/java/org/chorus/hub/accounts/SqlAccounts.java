package org.chorus.hub.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

final class SqlAccounts implements Accounts {
    /** Recording every use would turn each request into a write; once a minute is enough to see a token is alive. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final int MAX_TEXT = 256;
    private static final String ACCOUNT_COLUMNS = "id, name, kind, fullname, email, site_admin, created_at";
    private static final String TOKEN_COLUMNS = "id, user_id, name, role, created_at, last_used_at, revoked_at";

    private final Database db;
    private final Clock clock;
    private final RecentTokens recent;
    private final RecentTokens recentById;

    SqlAccounts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.recent = new RecentTokens(clock);
        this.recentById = new RecentTokens(clock);
    }

    @Override
    public boolean bootstrap(String secret) {
        if (!TokenSecrets.plausible(secret)) {
            throw ChorusException.invalid("CHORUS_BOOTSTRAP_TOKEN must start with hf_ and be 19 to 256 printable characters");
        }
        return db.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Integer.class).one() > 0) {
                return false;
            }
            Account admin = insertAccount(h, "admin", Account.Kind.USER, "Administrator", null, true);
            insertToken(h, admin, "bootstrap", Role.WRITE, secret);
            return true;
        });
    }

    @Override
    public Principal authenticate(String secret) {
        if (!TokenSecrets.plausible(secret)) {
            throw unauthenticated();
        }
        String hash = TokenSecrets.hash(secret);
        Optional<Principal> seen = recent.get(hash);
        if (seen.isPresent()) {
            return seen.get();
        }
        Principal principal = load("secret_hash", hash).orElseThrow(SqlAccounts::unauthenticated);
        recent.put(hash, principal);
        return principal;
    }

    @Override
    public Optional<Principal> tokenPrincipal(String tokenId) {
        Optional<Principal> seen = recentById.get(tokenId);
        if (seen.isPresent()) {
            return seen;
        }
        Optional<Principal> principal = load("id", tokenId);
        principal.ifPresent(p -> recentById.put(tokenId, p));
        return principal;
    }

    /** The principal of the unrevoked token whose {@code column} is {@code value}, noting its use. */
    private Optional<Principal> load(String column, String value) {
        Optional<TokenInfo> found = db.withHandle(h -> h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM tokens WHERE " + column + " = :v")
                .bind("v", value).map(SqlAccounts::token).findOne()).filter(t -> !t.revoked());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TokenInfo token = found.get();
        Optional<Account> user = db.withHandle(h -> byId(h, token.userId()));
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(LAST_USED_GRANULARITY).isBefore(now)) {
            db.useTransaction(h -> h.createUpdate("UPDATE tokens SET last_used_at = :now WHERE id = :id")
                    .bind("now", now.toEpochMilli()).bind("id", token.id()).execute());
        }
        return Optional.of(new Principal(user.get(), token));
    }

    private static ChorusException unauthenticated() {
        return new ChorusException(ErrorCode.UNAUTHENTICATED, "invalid or revoked access token");
    }

    @Override
    public Account createUser(Principal actor, String name, String fullname, String email, boolean siteAdmin, String password) {
        actor.requireWriteToken();
        actor.requireSiteAdmin();
        String hash = null;
        if (password != null) {
            Passwords.requireAcceptable(password);
            hash = Passwords.hash(password);
        }
        String passwordHash = hash;
        return db.inTransaction(h -> {
            Account user = insertAccount(h, name, Account.Kind.USER, fullname, email, siteAdmin);
            if (passwordHash != null) {
                insertPassword(h, user, passwordHash);
            }
            return user;
        });
    }

    private void insertPassword(Handle h, Account user, String hash) {
        h.createUpdate("DELETE FROM passwords WHERE user_id = :u").bind("u", user.id()).execute();
        h.createUpdate("INSERT INTO passwords (user_id, hash, updated_at) VALUES (:u, :h, :t)")
                .bind("u", user.id()).bind("h", hash).bind("t", now().toEpochMilli()).execute();
    }

    @Override
    public Account createOrg(Principal actor, String name, String fullname) {
        actor.requireWriteToken();
        return db.inTransaction(h -> {
            Account org = insertAccount(h, name, Account.Kind.ORG, fullname, null, false);
            upsertMembership(h, org, actor.user(), Role.ADMIN);
            return org;
        });
    }

    @Override
    public void setPassword(Principal actor, String userName, String password) {
        Account user = requireKind(userName, Account.Kind.USER);
        actor.requireWriteToken();
        actor.requireSelfOrAdmin(user);
        Passwords.requireAcceptable(password);
        String hash = Passwords.hash(password);
        db.useTransaction(h -> {
            insertPassword(h, user, hash);
            h.createUpdate("DELETE FROM web_sessions WHERE user_id = :u").bind("u", user.id()).execute();
        });
    }

    @Override
    public Optional<Account> checkPassword(String userName, String password) {
        Optional<Account> user = find(userName).filter(a -> a.kind() == Account.Kind.USER);
        String stored = user.flatMap(a -> db.withHandle(h -> h.createQuery("SELECT hash FROM passwords WHERE user_id = :u")
                .bind("u", a.id()).mapTo(String.class).findOne())).orElse(null);
        return Passwords.verify(password, stored) ? user : Optional.empty();
    }

    private Account insertAccount(Handle h, String name, Account.Kind kind, String fullname, String email, boolean siteAdmin) {
        Names.requireNew(kind.wire() + " name", name);
        ReservedNames.requireFree(kind.wire() + " name", name);
        String full = fullname == null || fullname.isBlank() ? name : fullname;
        checkText("fullname", full);
        if (email != null) {
            checkText("email", email);
        }
        String key = name.toLowerCase(Locale.ROOT);
        if (h.createQuery("SELECT COUNT(*) FROM accounts WHERE name_key = :k").bind("k", key).mapTo(Integer.class).one() > 0) {
            throw new ChorusException(ErrorCode.ALREADY_EXISTS, "the name '" + name + "' is already taken");
        }
        Account account = new Account(Ids.newId(clock), name, kind, full, email, siteAdmin, now());
        h.createUpdate("INSERT INTO accounts (" + ACCOUNT_COLUMNS + ", name_key) VALUES"
                        + " (:id, :name, :kind, :fullname, :email, :admin, :created, :key)")
                .bind("id", account.id()).bind("name", name).bind("kind", kind.wire()).bind("fullname", full)
                .bind("email", email).bind("admin", siteAdmin).bind("created", account.createdAt().toEpochMilli())
                .bind("key", key).execute();
        return account;
    }

    @Override
    public Profile profile(Account account) {
        String bio = db.withHandle(h -> h.createQuery("SELECT bio FROM accounts WHERE id = :id").bind("id", account.id())
                .mapTo(String.class).findOne().orElse(null));
        return new Profile(account.fullname(), account.email(), bio);
    }

    @Override
    public Account updateProfile(Principal actor, String userName, Profile profile) {
        Account user = requireKind(userName, Account.Kind.USER);
        actor.requireWriteToken();
        actor.requireSelfOrAdmin(user);
        String full = profile.fullname() == null || profile.fullname().isBlank() ? user.name() : profile.fullname().strip();
        checkText("display name", full);
        String email = profile.email() == null || profile.email().isBlank() ? null : profile.email().strip();
        if (email != null) {
            checkText("email", email);
            int at = email.indexOf('@');
            if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
                throw ChorusException.invalid("email must look like name@example.org");
            }
        }
        String bio = profile.bio() == null || profile.bio().isBlank() ? null : profile.bio().strip().replace("\r\n", "\n");
        if (bio != null) {
            if (bio.length() > Profile.MAX_BIO) {
                throw ChorusException.invalid("bio is longer than " + Profile.MAX_BIO + " characters");
            }
            if (bio.chars().anyMatch(c -> c != '\n' && Character.isISOControl(c))) {
                throw ChorusException.invalid("bio contains control characters");
            }
        }
        db.useTransaction(h -> h.createUpdate("UPDATE accounts SET fullname = :f, email = :e, bio = :b WHERE id = :id")
                .bind("f", full).bind("e", email).bind("b", bio).bind("id", user.id()).execute());
        return new Account(user.id(), user.name(), user.kind(), full, email, user.siteAdmin(), user.createdAt());
    }

    private static void checkText(String what, String value) {
        if (value.length() > MAX_TEXT) {
            throw ChorusException.invalid(what + " is longer than " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ChorusException.invalid(what + " contains control characters");
        }
    }

    @Override
    public Optional<Account> find(String name) {
        if (name == null || name.length() > Names.MAX_LENGTH) {
            return Optional.empty();
        }
        return db.withHandle(h -> h.createQuery("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE name_key = :k")
                .bind("k", name.toLowerCase(Locale.ROOT)).map(SqlAccounts::account).findOne());
    }

    @Override
    public Account require(String name) {
        return find(name).orElseThrow(() -> ChorusException.notFound("no user or organisation named '" + name + "'"));
    }

    @Override
    public List<Account> list(Account.Kind kind, int offset, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE kind = :kind ORDER BY name_key"
                        + " LIMIT :limit OFFSET :offset")
                .bind("kind", kind.wire()).bind("limit", limit).bind("offset", offset).map(SqlAccounts::account).list());
    }

    private Account requireKind(String name, Account.Kind kind) {
        Account a = require(name);
        if (a.kind() != kind) {
            throw ChorusException.invalid("'" + name + "' is not " + (kind == Account.Kind.ORG ? "an organisation" : "a user"));
        }
        return a;
    }

    private void requireOrgAdmin(Principal actor, Account org) {
        actor.requireWriteToken();
        if (!actor.siteAdmin() && roleIn(org, actor.user()).filter(r -> r == Role.ADMIN).isEmpty()) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "only an admin of " + org.name() + " may change its members");
        }
    }

    @Override
    public void setMembership(Principal actor, String orgName, String userName, Role role) {
        Account org = requireKind(orgName, Account.Kind.ORG);
        Account user = requireKind(userName, Account.Kind.USER);
        requireOrgAdmin(actor, org);
        db.useTransaction(h -> {
            upsertMembership(h, org, user, role);
            requireAnAdmin(h, org);
        });
    }

    private void upsertMembership(Handle h, Account org, Account user, Role role) {
        h.createUpdate("DELETE FROM memberships WHERE org_id = :o AND user_id = :u").bind("o", org.id()).bind("u", user.id()).execute();
        h.createUpdate("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES (:o, :u, :r, :t)")
                .bind("o", org.id()).bind("u", user.id()).bind("r", role.wire()).bind("t", now().toEpochMilli()).execute();
    }

    @Override
    public void removeMembership(Principal actor, String orgName, String userName) {
        Account org = requireKind(orgName, Account.Kind.ORG);
        Account user = requireKind(userName, Account.Kind.USER);
        requireOrgAdmin(actor, org);
        db.useTransaction(h -> {
            int removed = h.createUpdate("DELETE FROM memberships WHERE org_id = :o AND user_id = :u")
                    .bind("o", org.id()).bind("u", user.id()).execute();
            if (removed == 0) {
                throw ChorusException.notFound(userName + " is not a member of " + orgName);
            }
            requireAnAdmin(h, org);
        });
    }

    /** Refuses a change (the transaction rolls back) that left the organisation without an admin: nobody could manage it. */
    private static void requireAnAdmin(Handle h, Account org) {
        int admins = h.createQuery("SELECT COUNT(*) FROM memberships WHERE org_id = :o AND role = 'admin'")
                .bind("o", org.id()).mapTo(Integer.class).one();
        if (admins == 0) {
            throw new ChorusException(ErrorCode.CONFLICT, "an organisation keeps at least one admin");
        }
    }

    @Override
    public List<Membership> members(String orgName) {
        Account org = requireKind(orgName, Account.Kind.ORG);
        return db.withHandle(h -> h.createQuery("SELECT a.id, a.name, a.kind, a.fullname, a.email, a.site_admin, a.created_at, m.role"
                        + " FROM memberships m JOIN accounts a ON a.id = m.user_id WHERE m.org_id = :o ORDER BY a.name_key")
                .bind("o", org.id())
                .map((rs, ctx) -> new Membership(org, account(rs, ctx), Role.parse(rs.getString("role")))).list());
    }

    @Override
    public List<Membership> memberships(Account user) {
        return db.withHandle(h -> h.createQuery("SELECT a.id, a.name, a.kind, a.fullname, a.email, a.site_admin, a.created_at, m.role"
                        + " FROM memberships m JOIN accounts a ON a.id = m.org_id WHERE m.user_id = :u ORDER BY a.name_key")
                .bind("u", user.id())
                .map((rs, ctx) -> new Membership(account(rs, ctx), user, Role.parse(rs.getString("role")))).list());
    }

    @Override
    public Optional<Role> roleIn(Account org, Account user) {
        return db.withHandle(h -> h.createQuery("SELECT role FROM memberships WHERE org_id = :o AND user_id = :u")
                .bind("o", org.id()).bind("u", user.id()).mapTo(String.class).findOne().map(Role::parse));
    }

    @Override
    public IssuedToken createToken(Principal actor, String userName, String tokenName, Role role) {
        Account user = requireKind(userName, Account.Kind.USER);
        actor.requireWriteToken();
        actor.requireSelfOrAdmin(user);
        Names.require("token name", tokenName);
        if (role == Role.ADMIN) {
            throw ChorusException.invalid("a token's role is read or write");
        }
        String secret = TokenSecrets.generate();
        TokenInfo info = db.inTransaction(h -> insertToken(h, user, tokenName, role, secret));
        return new IssuedToken(info, secret);
    }

    private TokenInfo insertToken(Handle h, Account user, String name, Role role, String secret) {
        TokenInfo info = new TokenInfo(Ids.newId(clock), user.id(), name, role, now(), null, null);
        h.createUpdate("INSERT INTO tokens (id, user_id, name, role, secret_hash, created_at) VALUES (:id, :u, :n, :r, :h, :t)")
                .bind("id", info.id()).bind("u", user.id()).bind("n", name).bind("r", role.wire())
                .bind("h", TokenSecrets.hash(secret)).bind("t", info.createdAt().toEpochMilli()).execute();
        return info;
    }

    @Override
    public List<TokenInfo> tokens(Principal actor, String userName) {
        Account user = requireKind(userName, Account.Kind.USER);
        actor.requireSelfOrAdmin(user);
        return db.withHandle(h -> h.createQuery("SELECT " + TOKEN_COLUMNS + " FROM tokens WHERE user_id = :u ORDER BY created_at, id")
                .bind("u", user.id()).map(SqlAccounts::token).list());
    }

    @Override
    public void revokeToken(Principal actor, String userName, String tokenId) {
        Account user = requireKind(userName, Account.Kind.USER);
        actor.requireWriteToken();
        actor.requireSelfOrAdmin(user);
        db.useTransaction(h -> {
            int changed = h.createUpdate("UPDATE tokens SET revoked_at = :t WHERE id = :id AND user_id = :u AND revoked_at IS NULL")
                    .bind("t", now().toEpochMilli()).bind("id", tokenId).bind("u", user.id()).execute();
            if (changed == 0) {
                throw ChorusException.notFound("no active token '" + tokenId + "' for " + userName);
            }
            // sessions read their row on every request, so on every node they end here
            h.createUpdate("DELETE FROM web_sessions WHERE token_id = :id").bind("id", tokenId).execute();
        });
        recent.forgetToken(tokenId);
        recentById.forgetToken(tokenId);
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static Optional<Account> byId(Handle h, String id) {
        return h.createQuery("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = :id").bind("id", id)
                .map(SqlAccounts::account).findOne();
    }

    private static Account account(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new Account(rs.getString("id"), rs.getString("name"),
                Account.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("fullname"),
                rs.getString("email"), rs.getBoolean("site_admin"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static TokenInfo token(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new TokenInfo(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), Role.parse(rs.getString("role")),
                Instant.ofEpochMilli(rs.getLong("created_at")), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
