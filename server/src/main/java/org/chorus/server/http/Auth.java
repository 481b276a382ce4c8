package org.chorus.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.hub.accounts.Principal;

/**
 * Resolves the caller from {@code Authorization: Bearer <token>} (API clients) or Basic with the token as
 * password (git). A token that is present but wrong is refused on every endpoint, public or not; once the client's
 * address or the account it named has failed too often, failures are answered 429 with Retry-After instead of 401
 * ({@link AuthThrottle}). A correct token is never throttled.
 */
public final class Auth {
    private static final String ATTRIBUTE = "chorus.principal";

    private final Accounts accounts;
    private final AuthThrottle throttle;

    public Auth(Accounts accounts, AuthThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /** What an Authorization header carries: the secret, and the account a Basic header names (null otherwise). */
    private record Credentials(String account, String secret) {}

    /** Before-handler: authenticates once per request. */
    public void resolve(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank() || ctx.path().startsWith("/xet-cas/") || ctx.path().equals("/metrics")) {
            return; // the Xet CAS API checks its own short-lived tokens (hf.xet.XetTokens), /metrics its own (HealthRoutes)
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
