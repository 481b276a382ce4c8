package org.chorus.server.web.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * {@code /login} and {@code /logout}. The password field also takes an access token ({@code hf_…}): the session then
 * has the token's role. Attempts are throttled per address and per account name with the API's {@link AuthThrottle}:
 * while either is over its limit the form answers 429 without checking the password, so guessing stays slow even from
 * many addresses against one account.
 */
public final class SignInPages {
    private final WebAuth auth;
    private final Accounts accounts;
    private final AuthThrottle throttle;
    private final WebSessions sessions;

    public SignInPages(WebAuth auth, Accounts accounts, AuthThrottle throttle, WebSessions sessions) {
        this.auth = auth;
        this.accounts = accounts;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    public void form(Context ctx) {
        Pages.render(ctx, "account/login.jte", new LoginPage(auth.signInShell(ctx, "Sign in"), next(ctx.queryParam("next")), "", null));
    }

    public void submit(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String secret = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String next = next(ctx.formParam("next"));
        AuthThrottle.Attempt attempt = new AuthThrottle.Attempt(ctx.ip(), username.isEmpty() ? null : username);
        Optional<Duration> locked = throttle.lockedFor(attempt);
        if (locked.isPresent()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, locked.get().toSeconds())));
            refuse(ctx, 429, username, next, "Too many failed sign-ins; try again in " + minutes(locked.get()) + ".");
            return;
        }
        Optional<Signed> signed = secret.startsWith("hf_") ? byToken(username, secret)
                : accounts.checkPassword(username, secret).map(a -> new Signed(a, Role.WRITE, null));
        if (signed.isEmpty()) {
            throttle.failed(attempt);
            refuse(ctx, 401, username, next, "Wrong user name or password.");
            return;
        }
        auth.signIn(ctx, sessions.start(signed.get().user(), signed.get().role(), signed.get().tokenId()));
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    public void signOut(Context ctx) {
        auth.signOut(ctx);
        ctx.redirect(Links.home(), HttpStatus.SEE_OTHER);
    }

    /** Who signed in, what the session may do, and the token it signed in with (null after a password). */
    private record Signed(Account user, Role role, String tokenId) {}

    /** A token signs in its own user; a user name, when typed, must be that user's. */
    private Optional<Signed> byToken(String username, String token) {
        try {
            Principal p = accounts.authenticate(token);
            if (!username.isEmpty() && !username.equalsIgnoreCase(p.user().name())) {
                return Optional.empty();
            }
            return Optional.of(new Signed(p.user(), p.token().role(), p.token().id()));
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private void refuse(Context ctx, int status, String username, String next, String error) {
        Pages.render(ctx, status, "account/login.jte", new LoginPage(auth.signInShell(ctx, "Sign in"), next, username, error));
    }

    /** Where to go after signing in: a path on this site only (never {@code //host} or {@code /\host}), else home. */
    static String next(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\") || next.length() > 2048
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Links.home();
        }
        return next;
    }

    private static String minutes(Duration d) {
        long m = Math.max(1, (d.toSeconds() + 59) / 60);
        return m + (m == 1 ? " minute" : " minutes");
    }
}
