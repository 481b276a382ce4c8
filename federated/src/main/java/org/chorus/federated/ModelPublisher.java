package org.chorus.federated;

import java.util.Map;

/** Port to the hub: commits files (path → bytes) to a model repository and returns the new revision. */
public interface ModelPublisher {
    String commit(String repo, String message, Map<String, byte[]> files);

    /** Publishes nothing; tasks without a target repository use it. */
    static ModelPublisher none() {
        return (repo, message, files) -> null;
    }
}
