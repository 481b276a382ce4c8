package org.chorus.tracking;

import java.util.List;
import org.chorus.core.db.Database;

/**
 * Who may do what to experiments, runs, artifacts, registered models and versions (MLflow's permission model, see
 * {@link AccessRules}), and the per-user grants behind it, managed as MLflow's basic-auth app does: by holders of
 * MANAGE. Every check answers as a get would: 404 below READ (absent and hidden look the same), 401 without a
 * token, 403 when the caller may read but not do this.
 */
public interface TrackingAccess {

    /** {@code defaultPermission}: what a user without an own grant holds on what they neither own nor reach through an organisation. */
    static TrackingAccess create(Database db, Permission defaultPermission) {
        return new SqlTrackingAccess(db, new AccessRules(defaultPermission));
    }

    void requireExperiment(Caller caller, String experimentId, Permission needed);

    void requireExperimentNamed(Caller caller, String name, Permission needed);

    /** Runs, their metrics, params, tags and inputs follow their experiment. */
    void requireRun(Caller caller, String runId, Permission needed);

    /**
     * An artifact path follows the experiment its first segment names ({@code <experiment id>/<run>/artifacts/…}, as
     * every run's artifact URI on this server is laid out). A path whose first segment is a number but no experiment's
     * id answers as a hidden experiment's (404), except to site admins, so that ids cannot be probed. Other paths
     * outside any experiment are read as the default permission allows and written by site admins only.
     */
    void requireArtifact(Caller caller, String path, Permission needed);

    /**
     * Of the artifact root's entries {@code names}, those the caller may read ({@link #requireArtifact}), in their
     * order: the root lists experiments' directories, and must not show the id of one the caller may not read.
     */
    List<String> readableArtifactRoots(Caller caller, List<String> names);

    /** Versions, aliases and tags follow their registered model. */
    void requireModel(Caller caller, String name, Permission needed);

    /** Gives {@code username} a permission on the target; the actor needs MANAGE. ALREADY_EXISTS if the user has one. */
    PermissionGrant createGrant(Caller actor, PermissionTarget target, String key, String username, Permission permission);

    /** The user's own grant on the target (not what they hold through ownership or an organisation); the actor needs MANAGE. */
    PermissionGrant grant(Caller actor, PermissionTarget target, String key, String username);

    void updateGrant(Caller actor, PermissionTarget target, String key, String username, Permission permission);

    void deleteGrant(Caller actor, PermissionTarget target, String key, String username);
}
