package org.chorus.server.mlflow;

import io.javalin.http.Context;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.server.http.Auth;
import org.chorus.tracking.Caller;

/** The request's caller as tracking's permission rules see it (the hub's principal, or anonymous). */
public final class Callers {
    private Callers() {}

    static Caller of(Context ctx) {
        return Auth.principal(ctx).map(Callers::of).orElse(Caller.anonymous());
    }

    public static Caller of(Principal p) {
        return Caller.user(p.user().id(), p.user().name(), p.siteAdmin(), p.token().role().includes(Role.WRITE));
    }

    /** The caller of a change: 401 without a token, 403 with a read-only one, before anything is looked up. */
    static Caller writer(Context ctx) {
        return of(writingPrincipal(ctx));
    }

    static Principal writingPrincipal(Context ctx) {
        Principal p = Auth.required(ctx);
        p.requireWriteToken();
        return p;
    }
}
