package org.chorus.server.web.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.chorus.hub.repos.FamilyTree;
import org.chorus.hub.repos.ModelTrees;
import org.chorus.server.web.Links;

/**
 * The model tree panel: the chain of ancestors from the root down to this model, and how many models derive from it
 * by each relation, each count linking to the model list filtered by {@code base_model:{relation}:{model}}. Each node
 * of the chain carries its own relation (how it derives from the node above; none for the root), as the Hub shows it.
 */
public record ModelTreePanel(List<Ancestor> ancestors, String self, String selfRelation, List<ChildCount> children) {

    /** A base model ({@code href} to its page) and how it derives from the node above it (null for the root). */
    public record Ancestor(String name, String href, String relation) {}

    /** {@code label}: the relation's plural as the Hub words it (finetunes, adapters, quantizations, merges). */
    public record ChildCount(String relation, String label, long count, String href) {}

    /** The relations in the order the Hub shows them, with their plurals. */
    private static final List<Relation> RELATIONS = List.of(new Relation("finetune", "finetunes"),
            new Relation("adapter", "adapters"), new Relation("quantized", "quantizations"), new Relation("merge", "merges"));

    private record Relation(String key, String plural) {}

    static ModelTreePanel of(ModelTrees.ModelTree tree) {
        List<Ancestor> ancestors = new ArrayList<>();
        tree.ancestors().stream().sorted(Comparator.comparingInt(FamilyTree.Edge::depth).reversed())
                .forEach(e -> ancestors.add(new Ancestor(e.base(), Links.modelPage(e.base()), relationOf(tree, e.base()))));
        List<ChildCount> children = new ArrayList<>();
        Map<String, ModelTrees.Children> byRelation = tree.children();
        for (Relation r : RELATIONS) {
            ModelTrees.Children c = byRelation.get(r.key());
            if (c != null) {
                children.add(new ChildCount(r.key(), r.plural(), c.count(), Links.modelsWith(c.filter())));
            }
        }
        return new ModelTreePanel(ancestors, tree.id(), relationOf(tree, tree.id()), children);
    }

    /** How {@code model} derives from its base: the relation of the edge where it is the child; null for a root. */
    private static String relationOf(ModelTrees.ModelTree tree, String model) {
        return tree.ancestors().stream().filter(e -> e.child().equals(model)).map(FamilyTree.Edge::relation).findFirst().orElse(null);
    }
}
