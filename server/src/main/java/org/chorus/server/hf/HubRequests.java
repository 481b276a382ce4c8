package org.chorus.server.hf;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Auth;

/** Parsing shared by the hub adapters: repository ids from paths, pages, absolute URLs. */
public final class HubRequests {
    private HubRequests() {}

    /** The repository named by {owner}/{repo} path params; a trailing {@code .git} is dropped. */
    public static RepoId repoId(Context ctx, RepoType type) {
        String repo = ctx.pathParam("repo");
        if (repo.endsWith(".git")) {
            repo = repo.substring(0, repo.length() - 4);
        }
        return RepoId.of(type, ctx.pathParam("owner"), repo);
    }

    /** The API path prefix of a type: {@code /api/models}, {@code /api/datasets}. */
    public static String api(RepoType type) {
        return "/api/" + type.wire() + "s";
    }

    public static Optional<Principal> caller(Context ctx) {
        return Auth.principal(ctx);
    }

    /** The caller, once it is known to hold write access: invisible repositories answer 404 before any 401. */
    public static Principal writer(Repos repos, Context ctx, RepoType type) {
        repos.requireWrite(caller(ctx), repoId(ctx, type));
        return Auth.required(ctx);
    }

    /** The scheme, host and port the client used. */
    public static String base(Context ctx) {
        return scheme(ctx) + "://" + ctx.host();
    }

    /** The scheme the client used: a TLS-terminating proxy's {@code X-Forwarded-Proto}, else the connection's. */
    public static String scheme(Context ctx) {
        String forwardedProto = ctx.header("X-Forwarded-Proto");
        return forwardedProto != null && forwardedProto.matches("https?") ? forwardedProto : ctx.scheme();
    }

    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ChorusException.invalid(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(name + " must be a whole number");
        }
    }

    public static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** An opaque cursor for offset pagination. */
    public static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    public static int offset(Context ctx) {
        String c = ctx.queryParam("cursor");
        if (c == null || c.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            if (s.startsWith("o:")) {
                int n = Integer.parseInt(s.substring(2));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ChorusException.invalid("malformed cursor");
    }

    /** The request's absolute URL with one query parameter replaced, for {@code Link: <...>; rel="next"}. */
    public static String withParam(Context ctx, String name, String value) {
        StringBuilder q = new StringBuilder();
        for (var e : ctx.queryParamMap().entrySet()) {
            if (e.getKey().equals(name)) {
                continue;
            }
            for (String v : e.getValue()) {
                q.append(q.isEmpty() ? "" : "&").append(enc(e.getKey())).append('=').append(enc(v));
            }
        }
        q.append(q.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(value));
        return base(ctx) + ctx.path() + "?" + q;
    }

    public static void linkNext(Context ctx, String url) {
        ctx.header("Link", "<" + url + ">; rel=\"next\"");
    }

    /** {@code Link: rel="next"} with the cursor of the page after this one, when there is one. */
    public static void linkNextPage(Context ctx, org.chorus.hub.repos.Page<?> page, int offset, int limit) {
        if (page.hasMore()) {
            linkNext(ctx, withParam(ctx, "cursor", cursor(offset + limit)));
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
