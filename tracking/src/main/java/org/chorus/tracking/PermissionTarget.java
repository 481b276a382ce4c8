package org.chorus.tracking;

/**
 * What carries an owner and per-user permissions: experiments (keyed by id; their runs, metrics and artifacts follow
 * them) and registered models (keyed by name; their versions follow them). Each names its tables for the SQL.
 */
public enum PermissionTarget {
    EXPERIMENT("experiments", "id", "experiment_permissions", "experiment_id", "experiment", "Experiment"),
    REGISTERED_MODEL("registered_models", "name", "registered_model_permissions", "name", "registered model", "Registered model");

    final String table;
    final String key;
    final String grants;
    final String grantKey;
    final String noun;
    private final String title;

    PermissionTarget(String table, String key, String grants, String grantKey, String noun, String title) {
        this.table = table;
        this.key = key;
        this.grants = grants;
        this.grantKey = grantKey;
        this.noun = noun;
        this.title = title;
    }

    /** The request field naming one: {@code experiment_id} or {@code name}, as MLflow's permission endpoints call it. */
    public String keyField() {
        return grantKey;
    }

    /** MLflow's wording for a grant: {@code Experiment permission (experiment_id=1, username=bob)}. */
    String grantDescription(String key, String username, boolean withParentheses) {
        return withParentheses
                ? title + " permission (" + grantKey + "=" + key + ", username=" + username + ")"
                : title + " permission with " + grantKey + "=" + key + " and username=" + username;
    }
}
