package org.chorus.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;

/** MLflow's model registry: registered models, numbered versions, tags, stages and aliases. */
public interface ModelRegistry {

    /** {@code defaultPermission}: as {@link TrackingAccess#create}, for what searches show. */
    static ModelRegistry create(Database db, Clock clock, Permission defaultPermission) {
        return new SqlModelRegistry(db, clock, new AccessRules(defaultPermission));
    }

    /** Owned by the caller, or by the account a {@code chorus.owner} tag names (see {@link TrackingAccess}). */
    RegisteredModel createModel(Caller caller, String name, Map<String, String> tags, String description);

    RegisteredModel getModel(String name);

    RegisteredModel renameModel(String name, String newName);

    RegisteredModel updateModel(String name, String description);

    void deleteModel(String name);

    /** Only models the caller may read. */
    Page<RegisteredModel> searchModels(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken);

    /** The newest version in each of {@code stages} (all stages when empty). */
    List<ModelVersion> latestVersions(String name, List<String> stages);

    void setModelTag(String name, String key, String value);

    void deleteModelTag(String name, String key);

    void setAlias(String name, String alias, int version);

    void deleteAlias(String name, String alias);

    ModelVersion versionByAlias(String name, String alias);

    ModelVersion createVersion(String name, String source, String runId, Map<String, String> tags, String runLink, String description,
                               String userId);

    ModelVersion getVersion(String name, int version);

    /** Every live version of the model, newest first (the registry's model page lists them all). */
    List<ModelVersion> versions(String name);

    ModelVersion updateVersion(String name, int version, String description);

    ModelVersion transitionStage(String name, int version, String stage, boolean archiveExisting);

    void deleteVersion(String name, int version);

    /** Only versions of models the caller may read. */
    Page<ModelVersion> searchVersions(Caller caller, String filter, int maxResults, List<String> orderBy, String pageToken);

    void setVersionTag(String name, int version, String key, String value);

    void deleteVersionTag(String name, int version, String key);

    /** Points the version at another source and sets {@code tags} on it, in one transaction (how publishing relinks a version). */
    ModelVersion relink(String name, int version, String source, Map<String, String> tags);

    /** Where a client downloads the version's files from. */
    String downloadUri(String name, int version);
}
