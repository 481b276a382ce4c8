package org.chorus.tracking;

/**
 * Publishing registered model versions to hub model repositories: a version registered from a run has its
 * artifacts committed to a repository with a model card, and its source relinked to {@code chorus://owner/repo@commit}
 * (the run source it had is kept in the version tag {@value #RUN_SOURCE_TAG}). The hub is reached through the
 * {@link ModelPublisher} port bound to the caller.
 */
public interface RegistryPublishing {
    String RUN_SOURCE_TAG = "chorus.run_source";

    static RegistryPublishing create(ModelRegistry registry, TrackingStore tracking, ArtifactStore artifacts, TrackingAccess access) {
        return new VersionPublisher(registry, tracking, artifacts, access);
    }

    /**
     * Checks a source a new version is registered with: its form, and for {@code chorus://} that the revision exists in
     * a repository the caller may write (a version is never pointed at someone else's repository).
     */
    void checkSource(String source, ModelPublisher hub);

    /**
     * Commits the version's artifacts and a model card to {@code repo} ({@code owner/name}, created when missing,
     * private if asked) and relinks the version. Publishing again makes a new commit from the same run artifacts.
     * The caller needs EDIT on the model, READ on the run and its artifacts, and write access to the repository
     * (the hub's own check, through {@code hub}).
     */
    Publication publish(Caller caller, String name, int version, String repo, boolean isPrivate, ModelPublisher hub);

    /** The relinked version and where its files now are. */
    record Publication(ModelVersion version, String owner, String repo, String commit) {}
}
