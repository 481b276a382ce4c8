package org.chorus.tracking;

/**
 * Port for publishing a registered model version to a hub repository (copying its files into a commit
 * and linking the version's source to {@code chorus://owner/repo@commit}). The hub's repositories are
 * built separately; until they are wired in, {@link #unavailable()} refuses every call.
 */
public interface ModelPublisher {

    /** Publishes the version's files and returns the {@code chorus://owner/repo@commit} it now points at. */
    String publish(ModelVersion version, String owner, String repo);

    static ModelPublisher unavailable() {
        return (version, owner, repo) -> {
            throw new org.chorus.core.ChorusException(org.chorus.core.ErrorCode.UNAVAILABLE,
                    "publishing registered models to the hub is not available yet");
        };
    }
}
