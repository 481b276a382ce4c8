package org.chorus.server.web.runs;

import io.javalin.http.Context;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.mlflow.Callers;
import org.chorus.server.web.WebAuth;
import org.chorus.tracking.ArtifactStore;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;
import org.chorus.tracking.TrackingAccess;
import org.chorus.tracking.TrackingStore;

/**
 * The tracking services the experiment and run pages call: the same objects the MLflow API routes call, with the same
 * permission checks ({@link TrackingAccess}) in front of every read and change.
 */
public record Tracking(TrackingStore store, TrackingAccess access, ArtifactStore artifacts) {

    /** The page's caller as tracking's permission rules see it (anonymous when signed out). */
    Caller caller(WebAuth auth, Context ctx) {
        return auth.principal(ctx).map(Callers::of).orElse(Caller.anonymous());
    }

    /** The run of the URL ({run}), which the caller must hold {@code needed} on and which must be in the URL's experiment ({id}). */
    Run run(Context ctx, Caller caller, Permission needed) {
        String runId = ctx.pathParam("run");
        access.requireRun(caller, runId, needed);
        Run run = store.getRun(runId);
        if (!run.info().experimentId().equals(ctx.pathParam("id"))) {
            throw ChorusException.notFound("Run with id=" + runId + " not found");
        }
        return run;
    }

    /** The caller of a change: the sign-in page when signed out, 403 with a read-only token, as the API's writes. */
    Caller writer(WebAuth auth, Context ctx) {
        Principal p = auth.required(ctx);
        p.requireWriteToken();
        return Callers.of(p);
    }
}
