package org.chorus.hub.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accounts behave the same on every SQL engine; subclasses supply the engine. */
abstract class AccountsContract {
    static final String BOOT = "hf_bootstrapSecretForTests0123";
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    Accounts accounts;
    Principal admin;

    abstract Database newDatabase();

    @BeforeEach
    void setUp() {
        db = newDatabase();
        accounts = Accounts.create(db, clock);
        assertThat(accounts.bootstrap(BOOT)).isTrue();
        admin = accounts.authenticate(BOOT);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private Principal userWithToken(String name, Role role) {
        accounts.createUser(admin, name, null, null, false);
        IssuedToken t = accounts.createToken(admin, name, "t", role);
        return accounts.authenticate(t.secret());
    }

    @Test
    void passwordsVerifyOnlyForTheirUserAndChangingOneEndsEverySession() {
        accounts.createUser(admin, "pat", null, null, false, "first password");
        Principal pat = userWithToken("pam", Role.WRITE);
        assertThat(accounts.checkPassword("PAT", "first password")).map(Account::name).contains("pat");
        assertThat(accounts.checkPassword("pat", "First password")).isEmpty();
        assertThat(accounts.checkPassword("pam", "first password")).as("no password set: tokens only").isEmpty();
        assertThat(accounts.checkPassword("nobody", "first password")).isEmpty();
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.createUser(admin, "short", null, null, false, "seven77"));
        assertThat(accounts.find("short")).as("a refused password creates nothing").isEmpty();
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.setPassword(pat, "pat", "not pam's to set"));

        WebSessions sessions = WebSessions.create(db, clock);
        IssuedSession one = sessions.start(accounts.require("pat"), Role.WRITE, null);
        assertThat(sessions.find(one.secret())).map(s -> s.principal().user().name()).contains("pat");
        assertThat(sessions.find(one.secret()).orElseThrow().csrf()).isEqualTo(one.session().csrf());
        accounts.setPassword(admin, "pat", "second password");
        assertThat(sessions.find(one.secret())).as("a new password ends old sessions").isEmpty();
        assertThat(accounts.checkPassword("pat", "first password")).isEmpty();
        assertThat(accounts.checkPassword("pat", "second password")).isPresent();
    }

    @Test
    void revokingATokenEndsTheSessionsSignedInWithItOnly() {
        // Prepare: two sessions signed in with a token, one with another token, one with a password
        Principal kim = userWithToken("kim", Role.WRITE);
        IssuedToken leaked = accounts.createToken(kim, "kim", "leaked", Role.WRITE);
        IssuedToken kept = accounts.createToken(kim, "kim", "kept", Role.WRITE);
        WebSessions sessions = WebSessions.create(db, clock);
        WebSessions otherNode = WebSessions.create(db, clock);
        IssuedSession byLeaked = sessions.start(accounts.require("kim"), Role.WRITE, leaked.info().id());
        IssuedSession byLeakedElsewhere = otherNode.start(accounts.require("kim"), Role.WRITE, leaked.info().id());
        IssuedSession byKept = sessions.start(accounts.require("kim"), Role.WRITE, kept.info().id());
        IssuedSession byPassword = sessions.start(accounts.require("kim"), Role.WRITE, null);

        // Execute
        accounts.revokeToken(kim, "kim", leaked.info().id());

        // Assert
        assertThat(sessions.find(byLeaked.secret())).isEmpty();
        assertThat(otherNode.find(byLeakedElsewhere.secret())).isEmpty();
        assertThat(sessions.find(byKept.secret())).isPresent();
        assertThat(sessions.find(byPassword.secret())).isPresent();
    }

    @Test
    void sessionsExpireAndSignOutEndsThem() {
        accounts.createUser(admin, "sam", null, null, false);
        WebSessions sessions = WebSessions.create(db, clock);
        IssuedSession read = sessions.start(accounts.require("sam"), Role.READ, null);
        IssuedSession other = sessions.start(accounts.require("sam"), Role.WRITE, null);
        assertThat(sessions.find(read.secret()).orElseThrow().principal().token().role()).isEqualTo(Role.READ);
        assertThat(accounts.tokenPrincipal(read.session().principal().token().id())).as("a session is no token").isEmpty();
        sessions.end(read.secret());
        assertThat(sessions.find(read.secret())).isEmpty();
        assertThat(sessions.find(other.secret())).isPresent();
        clock.advance(WebSessions.LIFETIME);
        assertThat(sessions.find(other.secret())).isEmpty();
        assertThat(sessions.find("x".repeat(43))).isEmpty();
    }

    @Test
    void peopleEditTheirOwnProfileWithinTheSameLimitsAsAtCreation() {
        Principal pia = userWithToken("pia", Role.WRITE);
        Principal other = userWithToken("oli", Role.WRITE);
        Account saved = accounts.updateProfile(pia, "pia", new Accounts.Profile(" Pia P. ", "pia@example.org", "Trains models.\r\nLikes cats."));
        assertThat(saved.fullname()).isEqualTo("Pia P.");
        assertThat(accounts.require("pia").email()).isEqualTo("pia@example.org");
        assertThat(accounts.profile(accounts.require("pia")).bio()).isEqualTo("Trains models.\nLikes cats.");
        accounts.updateProfile(pia, "pia", new Accounts.Profile("", "", " "));
        assertThat(accounts.profile(accounts.require("pia"))).isEqualTo(new Accounts.Profile("pia", null, null));

        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.updateProfile(other, "pia", new Accounts.Profile("x", null, null)));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.updateProfile(userWithToken("rita", Role.READ), "rita", new Accounts.Profile("x", null, null)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.updateProfile(pia, "pia", new Accounts.Profile("x", "not an email", null)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.updateProfile(pia, "pia", new Accounts.Profile("x", null, "b".repeat(1025))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.updateProfile(pia, "pia", new Accounts.Profile("x\u0007", null, null)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.updateProfile(pia, "pia", new Accounts.Profile("x", null, "bell\u0007")));
        accounts.updateProfile(admin, "pia", new Accounts.Profile("Set by admin", null, null));
        assertThat(accounts.require("pia").fullname()).isEqualTo("Set by admin");
    }

    @Test
    void expiredSessionsAreDeletedWhenAnyoneSignsIn() {
        accounts.createUser(admin, "sue", "Sue", "sue@example.com", false);
        WebSessions sessions = WebSessions.create(db, clock);
        sessions.start(accounts.require("sue"), Role.WRITE, null);
        clock.advance(Duration.ofDays(1));
        sessions.start(accounts.require("sue"), Role.READ, null);
        clock.advance(WebSessions.LIFETIME.minusDays(1));
        assertThat(storedSessions()).as("nothing swept before a sign-in").isEqualTo(2);
        WebSessions otherNode = WebSessions.create(db, clock);
        otherNode.start(accounts.require("sue"), Role.WRITE, null);
        assertThat(storedSessions()).as("the first, expired, is gone; the second and the new one stay").isEqualTo(2);
    }

    private long storedSessions() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM web_sessions").mapTo(Long.class).one());
    }

    @Test
    void bootstrapCreatesSiteAdminOnlyOnAnEmptyDatabase() {
        assertThat(admin.user().name()).isEqualTo("admin");
        assertThat(admin.siteAdmin()).isTrue();
        assertThat(admin.token().role()).isEqualTo(Role.WRITE);

        assertThat(accounts.bootstrap("hf_anotherSecretValue012345")).isFalse();

        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate("hf_anotherSecretValue012345"));
    }

    @Test
    void usersAndOrganisationsAreListedApartByNameAPageAtATime() {
        accounts.createUser(admin, "Zoe", null, null, false);
        accounts.createUser(admin, "bob", null, null, false);
        accounts.createOrg(admin, "audio-lab", null);

        assertThat(accounts.list(Account.Kind.USER, 0, 10)).extracting(Account::name).containsExactly("admin", "bob", "Zoe");
        assertThat(accounts.list(Account.Kind.USER, 1, 1)).extracting(Account::name).containsExactly("bob");
        assertThat(accounts.list(Account.Kind.ORG, 0, 10)).extracting(Account::name).containsExactly("audio-lab");
    }

    @Test
    void onlyTheHashOfASecretIsStored() {
        IssuedToken t = accounts.createToken(admin, "admin", "laptop", Role.READ);

        List<String> stored = db.withHandle(h -> h.createQuery("SELECT secret_hash FROM tokens").mapTo(String.class).list());
        assertThat(t.secret()).startsWith("hf_").hasSizeGreaterThanOrEqualTo(35);
        assertThat(stored).hasSize(2).noneMatch(s -> s.contains(t.secret()) || s.contains(BOOT));
    }

    @Test
    void unknownMalformedAndRevokedTokensAreRejected() {
        IssuedToken t = accounts.createToken(admin, "admin", "ci", Role.WRITE);
        accounts.revokeToken(admin, "admin", t.info().id());

        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate(t.secret()));
        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate("hf_doesNotExistAtAllInTheDb"));
        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate("Bearer nonsense"));
        assertThat(accounts.tokens(admin, "admin")).filteredOn(TokenInfo::revoked).extracting(TokenInfo::name).containsExactly("ci");
    }

    @Test
    void aTokenRevokedHereStopsAtOnceAndOneRevokedByAnotherServerWithinSeconds() {
        IssuedToken here = accounts.createToken(admin, "admin", "here", Role.WRITE);
        IssuedToken elsewhere = accounts.createToken(admin, "admin", "elsewhere", Role.WRITE);
        assertThat(accounts.authenticate(here.secret()).token().name()).isEqualTo("here");
        assertThat(accounts.authenticate(elsewhere.secret()).token().name()).isEqualTo("elsewhere");

        accounts.revokeToken(admin, "admin", here.info().id());
        db.useTransaction(h -> h.createUpdate("UPDATE tokens SET revoked_at = 1 WHERE id = :id").bind("id", elsewhere.info().id()).execute());

        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate(here.secret()));
        assertThat(accounts.authenticate(elsewhere.secret()).token().name()).isEqualTo("elsewhere"); // still in the recent cache
        clock.advance(RecentTokens.TTL);
        assertCode(ErrorCode.UNAUTHENTICATED, () -> accounts.authenticate(elsewhere.secret()));
    }

    @Test
    void tokensAreFoundByIdForDerivedCredentialsUntilRevokedWithTheSameDelays() {
        IssuedToken here = accounts.createToken(admin, "admin", "here", Role.READ);
        IssuedToken elsewhere = accounts.createToken(admin, "admin", "elsewhere", Role.WRITE);
        assertThat(accounts.tokenPrincipal(here.info().id())).get().extracting(p -> p.token().role()).isEqualTo(Role.READ);
        assertThat(accounts.tokenPrincipal(elsewhere.info().id())).get().extracting(p -> p.user().name()).isEqualTo("admin");
        assertThat(accounts.tokenPrincipal("000000000000000000000000")).isEmpty();

        accounts.revokeToken(admin, "admin", here.info().id());
        db.useTransaction(h -> h.createUpdate("UPDATE tokens SET revoked_at = 1 WHERE id = :id").bind("id", elsewhere.info().id()).execute());

        assertThat(accounts.tokenPrincipal(here.info().id())).isEmpty();
        assertThat(accounts.tokenPrincipal(elsewhere.info().id())).isPresent(); // revoked by another server: still cached
        clock.advance(RecentTokens.TTL);
        assertThat(accounts.tokenPrincipal(elsewhere.info().id())).isEmpty();
    }

    @Test
    void lastUsedTimeIsRecorded() {
        IssuedToken t = accounts.createToken(admin, "admin", "ci", Role.READ);
        clock.advance(Duration.ofHours(1));

        accounts.authenticate(t.secret());

        TokenInfo info = accounts.tokens(admin, "admin").stream().filter(i -> i.name().equals("ci")).findFirst().orElseThrow();
        assertThat(info.lastUsedAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    }

    @Test
    void onlySiteAdminsCreateUsersAndReadTokensChangeNothing() {
        Principal alice = userWithToken("alice", Role.WRITE);
        Principal reader = accounts.authenticate(accounts.createToken(admin, "admin", "ro", Role.READ).secret());

        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.createUser(alice, "mallory", null, null, true));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.createUser(reader, "mallory", null, null, false));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.createOrg(reader, "org", null));
        assertThat(accounts.find("mallory")).isEmpty();
    }

    @Test
    void namesAreUniqueIgnoringCaseAcrossUsersAndOrgs() {
        accounts.createUser(admin, "alice", null, null, false);

        assertCode(ErrorCode.ALREADY_EXISTS, () -> accounts.createUser(admin, "Alice", null, null, false));
        assertCode(ErrorCode.ALREADY_EXISTS, () -> accounts.createOrg(admin, "ALICE", null));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.createUser(admin, "../etc", null, null, false));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.createUser(admin, "b".repeat(97), null, null, false));
    }

    @Test
    void namesOfTheSitesOwnPathsAndNamesTheHubsClientsRefuseAreNotGivenToNewAccounts() {
        Principal alice = userWithToken("alice", Role.WRITE);

        for (String name : List.of("models", "datasets", "api", "login", "Settings")) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.createUser(admin, name, null, null, false));
        }
        for (String name : List.of("explore", "new", "avatars", "competitions", "lab.", "lab-", "a--b")) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> accounts.createOrg(alice, name, null));
        }
        assertThat(accounts.createOrg(alice, "models-lab", null).name()).isEqualTo("models-lab");
        assertThat(accounts.find("models")).isEmpty();
        assertThat(accounts.find("explore")).isEmpty();
    }

    @Test
    void orgCreatorIsAdminAndManagesMembers() {
        Principal alice = userWithToken("alice", Role.WRITE);
        Principal bob = userWithToken("bob", Role.WRITE);
        accounts.createOrg(alice, "lab", "The Lab");

        accounts.setMembership(alice, "lab", "bob", Role.READ);

        assertThat(accounts.members("lab")).extracting(m -> m.user().name() + ":" + m.role().wire())
                .containsExactly("alice:admin", "bob:read");
        assertThat(accounts.memberships(bob.user())).extracting(m -> m.org().name()).containsExactly("lab");
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.setMembership(bob, "lab", "bob", Role.ADMIN));
        assertCode(ErrorCode.CONFLICT, () -> accounts.removeMembership(alice, "lab", "alice"));
        assertCode(ErrorCode.CONFLICT, () -> accounts.setMembership(alice, "lab", "alice", Role.READ));
        assertThat(accounts.roleIn(accounts.require("lab"), alice.user())).contains(Role.ADMIN);
        accounts.setMembership(alice, "lab", "bob", Role.ADMIN);
        accounts.setMembership(alice, "lab", "alice", Role.WRITE);
        assertThat(accounts.members("lab")).extracting(m -> m.user().name() + ":" + m.role().wire())
                .containsExactlyInAnyOrder("alice:write", "bob:admin");
    }

    @Test
    void usersSeeAndRevokeOnlyTheirOwnTokens() {
        Principal alice = userWithToken("alice", Role.WRITE);
        Principal bob = userWithToken("bob", Role.WRITE);
        String aliceToken = accounts.tokens(alice, "alice").getFirst().id();

        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.tokens(bob, "alice"));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.revokeToken(bob, "alice", aliceToken));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> accounts.createToken(bob, "alice", "steal", Role.WRITE));
        assertCode(ErrorCode.NOT_FOUND, () -> accounts.revokeToken(bob, "bob", aliceToken));
        assertThat(accounts.authenticate(accounts.createToken(alice, "alice", "second", Role.READ).secret()).user().name())
                .isEqualTo("alice");
    }
}
