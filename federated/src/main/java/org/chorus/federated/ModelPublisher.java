package org.chorus.federated;

import java.util.Map;
import java.util.Optional;

/** Port to the hub: commits files (path → bytes) to a model repository and returns the new revision. */
public interface ModelPublisher {
    String commit(String repo, String message, Map<String, byte[]> files);

    /**
     * The revision of the repository's latest commit when its message is {@code message}: a node killed between its
     * hub commit and recording the revision left that commit, and the node resuming the task must not make it twice.
     */
    Optional<String> head(String repo, String message);

    /** Publishes nothing; tasks without a target repository use it. */
    static ModelPublisher none() {
        return new ModelPublisher() {
            @Override
            public String commit(String repo, String message, Map<String, byte[]> files) {
                return null;
            }

            @Override
            public Optional<String> head(String repo, String message) {
                return Optional.empty();
            }
        };
    }
}
