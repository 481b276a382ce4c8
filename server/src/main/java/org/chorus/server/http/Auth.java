package org.chorus.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.WebSession;
import org.chorus.hub.accounts.WebSessions;

/**
 * Resolves the caller from {@code Authorization: Bearer <token>} (API clients) or Basic with the token as
 * password (git), or a signed-in browser's session cookie <em>together with</em> that session's CSRF token in
 * {@code X-CSRF-Token} (the upload page's own calls to the commit and LFS endpoints). A cookie alone is never a
 * credential here: another site can make a browser send the cookie, but cannot read the page's CSRF token nor set a
 * custom header on a cross-site request without CORS, which the server never grants. A token that is present but wrong is refused on every endpoint, public or not; once the client's
 * address or the account it named has failed too often, failures are answered 429 with Retry-After instead of 401
 * ({@link AuthThrottle}). A correct token is never throttled.
 */
public final class Auth {
    private static final String ATTRIBUTE = "chorus.principal";
    /** The browser session's cookie (set by the sign-in page, server.web.WebAuth). */
    public static final String SESSION_COOKIE = "chorus_session";
    /** The header that carries a page's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final Accounts accounts;
    private final AuthThrottle throttle;
    private final WebSessions sessions;

    public Auth(Accounts accounts, AuthThrottle throttle, WebSessions sessions) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    /** What an Authorization header carries: the secret, and the account a Basic header names (null otherwise). */
    private record Credentials(String account, String secret) {}

    /** Before-handler: authenticates once per request. */
    public void resolve(Context ctx) {
        String header = ctx.header("Authorization");
        if (ctx.path().startsWith("/xet-cas/") || ctx.path().equals("/metrics") || ctx.path().startsWith("/api/chorus/workers/")) {
            return; // the Xet CAS API checks its own short-lived tokens (hf.xet.XetTokens), /metrics its own (HealthRoutes),
                    // scoring workers theirs (arena.Workers, WorkerRoutes)
        }
        if (header == null || header.isBlank()) {
            browserSession(ctx).ifPresent(p -> ctx.attribute(ATTRIBUTE, p));
            return;
        }
        String account = null;
        try {
            Credentials credentials = credentials(header.strip());
            account = credentials.account();
            ctx.attribute(ATTRIBUTE, accounts.authenticate(credentials.secret()));
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            Optional<Duration> wait = throttle.failed(new AuthThrottle.Attempt(ctx.ip(), account));
            if (wait.isEmpty()) {
                throw e;
            }
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            throw new ChorusException(ErrorCode.RATE_LIMITED, "too many failed authentications from this address or for this account;"
                    + " retry in " + seconds + " s (a valid token still works)");
        }
    }

    /**
     * The session of a browser request that carries both the session cookie and the CSRF header; empty without either.
     * A CSRF header that is not the live session's is refused (403) rather than read as anonymous.
     */
    private Optional<Principal> browserSession(Context ctx) {
        String csrf = ctx.header(CSRF_HEADER);
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (csrf == null || cookie == null) {
            return Optional.empty();
        }
        Optional<WebSession> session = sessions.find(cookie);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8), session.get().csrf().getBytes(StandardCharsets.UTF_8))) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "the " + CSRF_HEADER + " header is not this browser session's; reload the page");
        }
        return Optional.of(session.get().principal());
    }

    private static Credentials credentials(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return new Credentials(null, value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? new Credentials(null, decoded) : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new ChorusException(ErrorCode.UNAUTHENTICATED, "malformed Basic credentials");
            }
        }
        throw new ChorusException(ErrorCode.UNAUTHENTICATED, "unsupported Authorization scheme '" + scheme + "': use Bearer <token>");
    }

    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    public static Principal required(Context ctx) {
        return principal(ctx).orElseThrow(() -> new ChorusException(ErrorCode.UNAUTHENTICATED,
                "this endpoint needs an access token: send Authorization: Bearer hf_..."));
    }
}
