package org.chorus.federated;

/** Port to the hub: the bytes of a file at a repository revision (the initial model, in safetensors). */
public interface ModelSource {
    byte[] read(String repo, String revision, String path);
}
