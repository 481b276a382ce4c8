package org.chorus.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The model registry's Chorus extensions (the rest of the registry is MLflow's API, for MLflow clients). */
public final class RegistryClient {
    private static final String API = "/api/2.0/mlflow";

    /** A version published to a hub repository: its new source ({@code chorus://owner/name@commit}) and where it is. */
    public record Published(String name, String version, String source, String repo, String commit, String url) {}

    private final Http http;

    RegistryClient(Http http) {
        this.http = http;
    }

    /**
     * Commits the version's run artifacts and a model card to the model repository {@code repo} ({@code owner/name},
     * created when missing, private if asked) and relinks the version to that commit.
     */
    public Published publish(String name, String version, String repo, boolean isPrivate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("version", version);
        body.put("repo", repo);
        body.put("private", isPrivate);
        Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/model-versions/publish", body);
        Map<?, ?> v = (Map<?, ?>) reply.get("model_version");
        Map<?, ?> hub = (Map<?, ?>) reply.get("hub");
        return new Published(Models.str(v, "name"), Models.str(v, "version"), Models.str(v, "source"), Models.str(hub, "repo"),
                Models.str(hub, "commit"), Models.str(hub, "url"));
    }
}
