package org.chorus.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The model registry through MLflow's API, and its Chorus extension: publishing a version to the hub. */
public final class RegistryClient {
    private static final String API = "/api/2.0/mlflow";

    /** A version published to a hub repository: its new source ({@code chorus://owner/name@commit}) and where it is. */
    public record Published(String name, String version, String source, String repo, String commit, String url) {}

    /** A registered model: its latest version per stage and its aliases (alias → version). */
    public record RegisteredModel(String name, String description, List<ModelVersion> latestVersions, Map<String, String> aliases) {}

    /** One version of a registered model. */
    public record ModelVersion(String name, String version, String stage, String source, String runId, String status,
                               long created, List<String> aliases) {}

    private final Http http;

    RegistryClient(Http http) {
        this.http = http;
    }

    public RegisteredModel createModel(String name, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        return model((Map<?, ?>) ((Map<?, ?>) http.send("POST", API + "/registered-models/create", body)).get("registered_model"));
    }

    /** Registers a new version from {@code source} (e.g. {@code runs:/<run id>/model}) of run {@code runId}. */
    public ModelVersion createVersion(String name, String source, String runId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("source", source);
        if (runId != null) {
            body.put("run_id", runId);
        }
        return version((Map<?, ?>) ((Map<?, ?>) http.send("POST", API + "/model-versions/create", body)).get("model_version"));
    }

    /** Registered models you can read, by name, at most {@code limit}. */
    public List<RegisteredModel> models(int limit) {
        List<RegisteredModel> out = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("max_results", Math.min(1000, limit - out.size()));
            body.put("order_by", List.of("name ASC"));
            if (pageToken != null) {
                body.put("page_token", pageToken);
            }
            Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/registered-models/search", body);
            maps(reply.get("registered_models")).forEach(m -> out.add(model(m)));
            pageToken = Models.str(reply, "next_page_token");
        } while (pageToken != null && !pageToken.isEmpty() && out.size() < limit);
        return out;
    }

    /** Every version of {@code name}, newest first. */
    public List<ModelVersion> versions(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", "name = '" + name.replace("'", "''") + "'");
        body.put("order_by", List.of("version_number DESC"));
        Map<?, ?> reply = (Map<?, ?>) http.send("POST", API + "/model-versions/search", body);
        List<ModelVersion> out = new ArrayList<>();
        maps(reply.get("model_versions")).forEach(m -> out.add(version(m)));
        if (out.isEmpty()) {
            http.send("GET", API + "/registered-models/get?name=" + HubClient.enc(name), null); // a missing model is a 404, not an empty list
        }
        return out;
    }

    /** Points {@code alias} (e.g. {@code champion}) at a version, moving it from any other. */
    public void setAlias(String name, String alias, String version) {
        http.send("POST", API + "/registered-models/alias", Map.of("name", name, "alias", alias, "version", version));
    }

    public void deleteAlias(String name, String alias) {
        http.send("DELETE", API + "/registered-models/alias?name=" + HubClient.enc(name) + "&alias=" + HubClient.enc(alias), null);
    }

    /** Moves a version to {@code stage} (None, Staging, Production, Archived), archiving that stage's others if asked. */
    public ModelVersion transitionStage(String name, String version, String stage, boolean archiveExisting) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("version", version);
        body.put("stage", stage);
        body.put("archive_existing_versions", archiveExisting);
        return version((Map<?, ?>) ((Map<?, ?>) http.send("POST", API + "/model-versions/transition-stage", body)).get("model_version"));
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

    private static RegisteredModel model(Map<?, ?> m) {
        List<ModelVersion> latest = new ArrayList<>();
        maps(m.get("latest_versions")).forEach(v -> latest.add(version(v)));
        Map<String, String> aliases = new TreeMap<>();
        maps(m.get("aliases")).forEach(a -> aliases.put(Models.str(a, "alias"), Models.str(a, "version")));
        return new RegisteredModel(Models.str(m, "name"), Models.str(m, "description"), latest, aliases);
    }

    private static ModelVersion version(Map<?, ?> m) {
        List<String> aliases = new ArrayList<>();
        if (m.get("aliases") instanceof List<?> l) {
            l.forEach(a -> aliases.add(String.valueOf(a)));
        }
        return new ModelVersion(Models.str(m, "name"), Models.str(m, "version"), Models.str(m, "current_stage"), Models.str(m, "source"),
                Models.str(m, "run_id"), Models.str(m, "status"), m.get("creation_timestamp") instanceof Number n ? n.longValue() : 0, aliases);
    }

    private static List<Map<?, ?>> maps(Object list) {
        List<Map<?, ?>> out = new ArrayList<>();
        if (list instanceof List<?> l) {
            l.forEach(o -> out.add((Map<?, ?>) o));
        }
        return out;
    }
}
