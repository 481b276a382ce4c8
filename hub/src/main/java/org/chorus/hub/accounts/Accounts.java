package org.chorus.hub.accounts;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;

/** Users, organisations, memberships and access tokens. Every mutation names who acts and checks their rights. */
public interface Accounts {

    static Accounts create(Database db, Clock clock) {
        return new SqlAccounts(db, clock);
    }

    /**
     * On a database with no accounts, creates site admin {@code admin} with {@code secret} as a write token.
     * Returns whether it did; later starts leave existing accounts alone.
     */
    boolean bootstrap(String secret);

    /** Resolves a bearer secret; UNAUTHENTICATED for unknown, malformed or revoked tokens. */
    Principal authenticate(String secret);

    /**
     * The principal of an unrevoked token, by the token's id rather than its secret: for credentials derived from a
     * token (signed URLs, Xet tokens), which name the token that minted them. Cached like {@link #authenticate}: a
     * revocation through this node counts at once, through another node sharing the database within 5 seconds.
     */
    Optional<Principal> tokenPrincipal(String tokenId);

    default Account createUser(Principal actor, String name, String fullname, String email, boolean siteAdmin) {
        return createUser(actor, name, fullname, email, siteAdmin, null);
    }

    /** Creates a user with a sign-in password (null: tokens only); a refused password creates nothing. */
    Account createUser(Principal actor, String name, String fullname, String email, boolean siteAdmin, String password);

    /**
     * Sets a user's sign-in password (the user themself or a site admin, with a write token), stored as an Argon2id
     * hash; every browser session of the user ends, so a changed password locks out whoever knew the old one.
     */
    void setPassword(Principal actor, String user, String password);

    /**
     * The user whose password this is, or empty (unknown user, no password set, wrong password: one answer, in about
     * the same time). Callers throttle attempts ({@link AuthThrottle#lockedFor}) before asking.
     */
    Optional<Account> checkPassword(String user, String password);

    /** What a person says about themselves on their profile page: display name, email, bio (each may be empty). */
    record Profile(String fullname, String email, String bio) {
        public static final int MAX_BIO = 1024;
    }

    /** A user's or organisation's profile text. */
    Profile profile(Account account);

    /**
     * Changes the caller's own profile (a write token or a password session; a site admin may change anyone's): a
     * blank display name falls back to the user name, a blank email or bio is removed. Checked as at creation:
     * display name and email ≤ 256 characters, bio ≤ {@value Profile#MAX_BIO}, no control characters (the bio may
     * hold line breaks), an email has one {@code @} with text on both sides.
     */
    Account updateProfile(Principal actor, String user, Profile profile);

    /** Creates an organisation with {@code actor} as its first admin. */
    Account createOrg(Principal actor, String name, String fullname);

    Optional<Account> find(String name);

    Account require(String name);

    /** Users or organisations by name, {@code limit} from {@code offset}: the account lists of the CLI and the web app. */
    List<Account> list(Account.Kind kind, int offset, int limit);

    void setMembership(Principal actor, String org, String user, Role role);

    void removeMembership(Principal actor, String org, String user);

    List<Membership> members(String org);

    /** The organisations a user belongs to, with the user's role in each. */
    List<Membership> memberships(Account user);

    /** The role {@code user} holds in {@code org}, if any. */
    Optional<Role> roleIn(Account org, Account user);

    IssuedToken createToken(Principal actor, String user, String tokenName, Role role);

    List<TokenInfo> tokens(Principal actor, String user);

    void revokeToken(Principal actor, String user, String tokenId);
}
