package org.chorus.hub.repos;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;

/**
 * The model tree panel of a model's page: its ancestors up to the root and how many models derive from it directly,
 * by relation, each with the listing filter ({@code base_model:{relation}:{model}}) that lists them.
 */
public interface ModelTrees {
    /** Ancestor steps followed at most; a chain longer than this ends there (cards can name bases without end). */
    int MAX_DEPTH = 20;

    static ModelTrees create(Database db) {
        return new SqlModelTrees(db);
    }

    /**
     * The model's tree as the caller may see it: ancestors it cannot read, or that are not repositories here, end their
     * branch (named, not followed); children it cannot read are not counted. REPO_NOT_FOUND if it cannot read the model.
     */
    ModelTree tree(Optional<Principal> caller, RepoId model);

    /** {@code children} has every relation (adapter, finetune, merge, quantized), zero where none. */
    record ModelTree(String id, List<FamilyTree.Edge> ancestors, Map<String, Children> children) {}

    /** How many visible models derive from this one by a relation, and the {@code filter=} tag that lists them. */
    record Children(long count, String filter) {}
}
