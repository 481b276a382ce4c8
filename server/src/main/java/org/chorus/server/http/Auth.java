package org.chorus.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;

/**
 * Resolves the caller from {@code Authorization: Bearer <token>} (API clients) or Basic with the token as
 * password (git). A token that is present but wrong is refused on every endpoint, public or not.
 */
public final class Auth {
    private static final String ATTRIBUTE = "chorus.principal";

    private final Accounts accounts;

    public Auth(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Before-handler: authenticates once per request. */
    public void resolve(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank() || ctx.path().startsWith("/xet-cas/") || ctx.path().equals("/metrics")) {
            return; // the Xet CAS API checks its own short-lived tokens (hf.xet.XetTokens), /metrics its own (HealthRoutes)
        }
        ctx.attribute(ATTRIBUTE, accounts.authenticate(secret(header.strip())));
    }

    private static String secret(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return value;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(colon + 1);
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
