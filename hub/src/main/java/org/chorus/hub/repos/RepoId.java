package org.chorus.hub.repos;

import java.util.Locale;
import org.chorus.core.Names;

/** A repository's address: its type, owner (user or organisation) and name. Both names follow {@link Names}. */
public record RepoId(RepoType type, String owner, String name) {

    public RepoId {
        Names.require("repository owner", owner);
        Names.require("repository name", name);
    }

    public static RepoId of(RepoType type, String owner, String name) {
        return new RepoId(type, owner, name);
    }

    /** {@code owner/name}, the id the Hugging Face API uses. */
    public String fullName() {
        return owner + "/" + name;
    }

    /** Case-insensitive unique key across types. */
    String key() {
        return type.wire() + ":" + fullName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return type.urlPrefix() + fullName();
    }
}
