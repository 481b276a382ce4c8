package org.chorus.discovery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.FamilyTree;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoId;

/**
 * Model families read from one ecosystem's index (the live hub's, or an imported snapshot's of the same document
 * schema): a model's family tree, the base models ranked by derivatives, and lineage drift along a family. Every
 * answer passes through the caller's read rule: a model the caller may not read is neither shown nor counted, and
 * its descendants are reached only through models the caller may read.
 */
public interface Lineages {
    /** Generations followed at most, up and down (cards can name bases without end, or in a cycle). */
    int MAX_DEPTH = 20;
    /** Descendants listed in each top list. */
    int TOP = 10;
    /** The drawn tree: children shown per node (the most descendants first), and nodes shown in all. */
    int SHOWN_CHILDREN = 8;
    int SHOWN_NODES = 200;

    /** REPO_NOT_FOUND when the caller may not read the model or it is not in this ecosystem. */
    Family family(Optional<Principal> caller, RepoId model);

    /** Models that others name as their base, the most direct derivatives first (ties by id). */
    Page<FamilyRank> families(Optional<Principal> caller, int offset, int limit);

    /** Lineage drift along the model's descendants (each derived model against the base it was reached from). */
    Drift drift(Optional<Principal> caller, RepoId model);

    /**
     * {@code ancestors}: each step up from the model; {@code descendants} the family's size below the model,
     * {@code depth} its deepest generation; {@code tree} the model with the largest branches drawn
     * ({@link #SHOWN_CHILDREN} per node, {@link #SHOWN_NODES} in all), each node with its own descendants.
     */
    record Family(String id, List<FamilyTree.Edge> ancestors, long descendants, int depth, List<Generation> generations,
                  List<Member> topByDownloads, List<Member> topByLikes, Node tree) {}

    /** One generation below the model: how many models, and how many by each relation to their base. */
    record Generation(int generation, long models, Map<String, Long> relations) {}

    /** A descendant: derived from {@code base} by {@code relation}, {@code generation} steps below the model. */
    record Member(String id, String base, String relation, int generation, long downloads, long likes) {}

    /** A node of the drawn tree; {@code hiddenChildren} of its children are not drawn (the budget ran out). */
    record Node(String id, String relation, long downloads, long likes, long descendants, List<Node> children, int hiddenChildren) {}

    /** A base model and its direct derivatives in all and by relation. */
    record FamilyRank(String id, long derivatives, Map<String, Long> relations, long downloads, long likes) {}

    /**
     * Drift over the family's edges (a derived model and the base it was reached from). Licences: among edges where
     * both declare one, how many differ, and in which direction on {@link LicenceOrder}'s scale. Languages: among edges
     * where both declare languages, how many children declare fewer, and how many narrowed to English alone.
     * Card length (characters of the card's text) by generation, 0 being the model itself.
     */
    record Drift(String id, long edges, Licences licences, Languages languages, List<CardLength> cardLength) {}

    record Licences(long compared, long changed, long towardsPermissive, long towardsRestrictive, long sameRank, long unranked) {}

    record Languages(long compared, long fewer, long englishOnly) {}

    record CardLength(int generation, long models, double mean, long median) {}
}
