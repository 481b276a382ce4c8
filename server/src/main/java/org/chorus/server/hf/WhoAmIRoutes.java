package org.chorus.server.hf;

import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Membership;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Routes;

/** {@code GET /api/whoami-v2} in the shape the official Hugging Face clients read. */
public final class WhoAmIRoutes implements Routes {
    private final Accounts accounts;

    public WhoAmIRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/whoami-v2", ctx -> ctx.json(whoAmI(Auth.required(ctx))));
    }

    private Map<String, Object> whoAmI(Principal p) {
        Map<String, Object> body = entity(p.user());
        body.put("email", p.user().email() == null ? "" : p.user().email());
        body.put("emailVerified", p.user().email() != null);
        body.put("isPro", false);
        body.put("billingMode", "prepaid");
        body.put("siteAdmin", p.siteAdmin());
        List<Map<String, Object>> orgs = accounts.memberships(p.user()).stream().map(WhoAmIRoutes::org).toList();
        body.put("orgs", orgs);
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("displayName", p.token().name());
        token.put("role", p.token().role().wire());
        token.put("createdAt", p.token().createdAt().toString());
        body.put("auth", Map.of("type", "access_token", "accessToken", token));
        return body;
    }

    private static Map<String, Object> org(Membership m) {
        Map<String, Object> org = entity(m.org());
        org.put("email", null);
        org.put("roleInOrg", m.role().wire());
        return org;
    }

    private static Map<String, Object> entity(Account a) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("type", a.kind().wire());
        e.put("id", a.id());
        e.put("name", a.name());
        e.put("fullname", a.fullname());
        e.put("canPay", false);
        e.put("avatarUrl", "");
        e.put("periodEnd", null);
        return e;
    }
}
