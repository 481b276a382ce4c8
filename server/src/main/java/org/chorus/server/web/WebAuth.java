package org.chorus.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.IssuedSession;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.WebSession;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Auth;

/**
 * Who a page request comes from and whether a form post is genuine.
 *
 * <p>The caller is the {@code Authorization} token when one is sent (scripts, tests), else the session named by the
 * {@code chorus_session} cookie (HttpOnly, SameSite=Lax, Secure when the client reached us over https). The cookie is
 * read by page handlers, and by the API only together with the session's CSRF token in {@code X-CSRF-Token}
 * ({@link Auth}): the upload page's own calls. A cookie alone drives nothing but pages.
 *
 * <p>CSRF: every state-changing page request must carry the token in the form field {@code _csrf} or the header
 * {@code X-CSRF-Token} (htmx sends it from the page's meta tag). Signed in, the token is the session's own (stored with
 * it in SQL, so any node checks it); signed out (the sign-in form) it is a random cookie the form echoes (double
 * submit). Missing or different: 403, nothing changes.
 */
public final class WebAuth {
    static final String SESSION_COOKIE = Auth.SESSION_COOKIE;
    static final String CSRF_COOKIE = "chorus_csrf";
    public static final String CSRF_FIELD = "_csrf";
    private static final String SESSION_ATTRIBUTE = "chorus.web.session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebSessions sessions;

    public WebAuth(WebSessions sessions) {
        this.sessions = sessions;
    }

    /** The caller of a page: token first, then session cookie; empty when anonymous. */
    public Optional<Principal> principal(Context ctx) {
        Optional<Principal> token = Auth.principal(ctx);
        return token.isPresent() ? token : session(ctx).map(WebSession::principal);
    }

    /** The caller, or UNAUTHENTICATED (page handlers turn that into a redirect to the sign-in page). */
    public Principal required(Context ctx) {
        return principal(ctx).orElseThrow(() -> new ChorusException(ErrorCode.UNAUTHENTICATED, "sign in to see this page"));
    }

    /**
     * The layout's data for this request. Signed out, the CSRF token is the browser's pre-session cookie if it has
     * one, else none: only the sign-in form ({@link #signInShell}) mints it, so that a page read anonymously costs no
     * random bytes and sets no cookie (a signed-out page has no other form that changes state).
     */
    public Shell shell(Context ctx, String title) {
        Optional<Principal> caller = principal(ctx);
        return new Shell(title, caller.map(p -> p.user().name()).orElse(null), existingCsrf(ctx).orElse(null), ctx.queryParam("search"),
                caller.map(Principal::siteAdmin).orElse(false));
    }

    /** The sign-in form's layout data: its CSRF token minted (a pre-session cookie) when the browser has none. */
    public Shell signInShell(Context ctx, String title) {
        Shell shell = shell(ctx, title);
        return shell.csrf() != null ? shell : new Shell(shell.title(), shell.user(), csrf(ctx), shell.search(), shell.siteAdmin());
    }

    Optional<WebSession> session(Context ctx) {
        if (ctx.attribute(SESSION_ATTRIBUTE) instanceof SessionLookup lookup) {
            return lookup.session();
        }
        Optional<WebSession> found = sessions.find(ctx.cookie(SESSION_COOKIE));
        ctx.attribute(SESSION_ATTRIBUTE, new SessionLookup(found));
        return found;
    }

    /** A request's session lookup, cached so that a page asks SQL once. */
    private record SessionLookup(Optional<WebSession> session) {}

    /** The CSRF token forms on this page carry; signed out without one, a fresh pre-session cookie. */
    public String csrf(Context ctx) {
        Optional<String> existing = existingCsrf(ctx);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String fresh = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ctx.cookie(cookie(ctx, CSRF_COOKIE, fresh, -1));
        ctx.attribute(CSRF_COOKIE, fresh);
        return fresh;
    }

    private Optional<String> existingCsrf(Context ctx) {
        Optional<WebSession> session = session(ctx);
        if (session.isPresent()) {
            return Optional.of(session.get().csrf());
        }
        if (ctx.attribute(CSRF_COOKIE) instanceof String minted) {
            return Optional.of(minted);
        }
        String cookie = ctx.cookie(CSRF_COOKIE);
        return cookie != null && cookie.matches("[A-Za-z0-9_-]{43}") ? Optional.of(cookie) : Optional.empty();
    }

    /** Refuses (403) a state-changing page request whose CSRF token is missing or not this browser's. */
    void requireCsrf(Context ctx) {
        String sent = ctx.header(Auth.CSRF_HEADER);
        if (sent == null) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        Optional<WebSession> session = session(ctx);
        String expected = session.isPresent() ? session.get().csrf() : ctx.cookie(CSRF_COOKIE);
        if (sent == null || expected == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "this form has expired or did not come from this site; reload the page and try again");
        }
    }

    /** Signs the browser in: the session cookie replaces the pre-session CSRF cookie. */
    public void signIn(Context ctx, IssuedSession issued) {
        ctx.cookie(cookie(ctx, SESSION_COOKIE, issued.secret(), (int) WebSessions.LIFETIME.toSeconds()));
        ctx.cookie(cookie(ctx, CSRF_COOKIE, "", 0));
    }

    /** Ends the session in SQL (every node) and clears the cookie. */
    public void signOut(Context ctx) {
        sessions.end(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(cookie(ctx, SESSION_COOKIE, "", 0));
    }

    private static Cookie cookie(Context ctx, String name, String value, int maxAgeSeconds) {
        return new Cookie(name, value, "/", maxAgeSeconds, "https".equals(HubRequests.scheme(ctx)), true, null, SameSite.LAX);
    }
}
