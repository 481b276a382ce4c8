package org.chorus.client;

import java.util.Locale;

/** A hub repository: its type and its {@code owner/name}, written {@code owner/name} or {@code datasets/owner/name}. */
public record RepoId(Type type, String owner, String name) {

    public enum Type {
        MODEL, DATASET;

        String plural() {
            return name().toLowerCase(Locale.ROOT) + "s";
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static RepoId parse(String text) {
        Type type = Type.MODEL;
        String rest = text;
        if (text.startsWith("datasets/")) {
            type = Type.DATASET;
            rest = text.substring("datasets/".length());
        } else if (text.startsWith("models/")) {
            rest = text.substring("models/".length());
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("a repository is owner/name or datasets/owner/name, got '" + text + "'");
        }
        return new RepoId(type, rest.substring(0, slash), rest.substring(slash + 1));
    }

    public static RepoId model(String owner, String name) {
        return new RepoId(Type.MODEL, owner, name);
    }

    public static RepoId dataset(String owner, String name) {
        return new RepoId(Type.DATASET, owner, name);
    }

    String fullName() {
        return owner + "/" + name;
    }

    /** {@code /api/models/owner/name} or {@code /api/datasets/owner/name}. */
    String apiPath() {
        return "/api/" + type.plural() + "/" + fullName();
    }

    /** The prefix of web and git URLs: models have none. */
    String urlPath() {
        return (type == Type.MODEL ? "/" : "/datasets/") + fullName();
    }

    @Override
    public String toString() {
        return (type == Type.MODEL ? "" : "datasets/") + fullName();
    }
}
