package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.IssuedToken;
import org.chorus.hub.accounts.Membership;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.accounts.TokenInfo;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/** Chorus's own endpoints for users, organisations, memberships and tokens. */
public final class AccountRoutes implements Routes {
    private final Accounts accounts;

    public AccountRoutes(Accounts accounts) {
        this.accounts = accounts;
    }

    record NewUser(String name, String fullname, String email, Boolean siteAdmin, String password) {}

    record NewPassword(String password) {}

    record NewOrg(String name, String fullname) {}

    record NewMembership(String role) {}

    record NewToken(String name, String role) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/chorus/users", ctx -> {
            NewUser req = Json.body(ctx, NewUser.class);
            Account a = accounts.createUser(Auth.required(ctx), req.name(), req.fullname(), req.email(),
                    Boolean.TRUE.equals(req.siteAdmin()), req.password());
            ctx.status(201).json(account(a));
        });
        routes.put("/api/chorus/users/{name}/password", ctx -> {
            NewPassword req = Json.body(ctx, NewPassword.class);
            accounts.setPassword(Auth.required(ctx), ctx.pathParam("name"), req.password());
            ctx.status(204);
        });
        routes.get("/api/chorus/users", ctx -> list(ctx, Account.Kind.USER));
        routes.get("/api/chorus/orgs", ctx -> list(ctx, Account.Kind.ORG));
        routes.get("/api/chorus/users/{name}", ctx -> ctx.json(account(accounts.require(ctx.pathParam("name")))));
        routes.post("/api/chorus/orgs", ctx -> {
            NewOrg req = Json.body(ctx, NewOrg.class);
            ctx.status(201).json(account(accounts.createOrg(Auth.required(ctx), req.name(), req.fullname())));
        });
        routes.get("/api/chorus/orgs/{org}/members", ctx ->
                ctx.json(accounts.members(ctx.pathParam("org")).stream().map(AccountRoutes::member).toList()));
        routes.put("/api/chorus/orgs/{org}/members/{user}", ctx -> {
            NewMembership req = Json.body(ctx, NewMembership.class);
            accounts.setMembership(Auth.required(ctx), ctx.pathParam("org"), ctx.pathParam("user"), Role.parse(req.role()));
            ctx.json(Map.of("org", ctx.pathParam("org"), "user", ctx.pathParam("user"), "role", req.role()));
        });
        routes.delete("/api/chorus/orgs/{org}/members/{user}", ctx -> {
            accounts.removeMembership(Auth.required(ctx), ctx.pathParam("org"), ctx.pathParam("user"));
            ctx.status(204);
        });
        routes.post("/api/chorus/users/{name}/tokens", this::createToken);
        routes.get("/api/chorus/users/{name}/tokens", ctx ->
                ctx.json(accounts.tokens(Auth.required(ctx), ctx.pathParam("name")).stream().map(AccountRoutes::token).toList()));
        routes.delete("/api/chorus/users/{name}/tokens/{id}", ctx -> {
            accounts.revokeToken(Auth.required(ctx), ctx.pathParam("name"), ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    /**
     * A page of users or organisations by name, for any signed-in caller (names are public, as on the Hub); the next
     * page is linked as the hub's lists link theirs.
     */
    private void list(Context ctx, Account.Kind kind) {
        Auth.required(ctx);
        int limit = HubRequests.intParam(ctx, "limit", 100, 1, 1000);
        int offset = HubRequests.offset(ctx);
        List<Account> page = accounts.list(kind, offset, limit + 1);
        if (page.size() > limit) {
            HubRequests.linkNext(ctx, HubRequests.withParam(ctx, "cursor", HubRequests.cursor(offset + limit)));
        }
        ctx.json(page.stream().limit(limit).map(AccountRoutes::account).toList());
    }

    private void createToken(Context ctx) {
        NewToken req = Json.body(ctx, NewToken.class);
        Role role = req.role() == null ? Role.READ : Role.parse(req.role());
        IssuedToken issued = accounts.createToken(Auth.required(ctx), ctx.pathParam("name"), req.name(), role);
        Map<String, Object> body = token(issued.info());
        body.put("token", issued.secret());
        ctx.status(201).json(body);
    }

    private static Map<String, Object> account(Account a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("type", a.kind().wire());
        m.put("fullname", a.fullname());
        m.put("siteAdmin", a.siteAdmin());
        m.put("createdAt", a.createdAt().toString());
        return m;
    }

    private static Map<String, Object> member(Membership m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", m.user().name());
        body.put("role", m.role().wire());
        return body;
    }

    private static Map<String, Object> token(TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("role", t.role().wire());
        m.put("createdAt", t.createdAt().toString());
        m.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        m.put("revokedAt", t.revokedAt() == null ? null : t.revokedAt().toString());
        return m;
    }
}
