package org.chorus.server.web.explore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.chorus.discovery.Lineages;
import org.chorus.hub.repos.FamilyTree;
import org.chorus.server.web.Shell;

/**
 * A model's family tree page: its ancestors from the root down, the family's size and depth, each generation by
 * relation, the top descendants, the tree drawn to its budgets (collapsible), and lineage drift along it.
 */
public record FamilyView(Shell shell, EcosystemPicker picker, ExploreLinks links, Lineages.Family family, List<Step> chain, Lineages.Drift drift) {

    /** An ancestor, farthest first, and how it derives from the one above it (null for the root). */
    public record Step(String name, String relation) {}

    static FamilyView of(Shell shell, EcosystemPicker picker, ExploreLinks links, Lineages.Family family, Lineages.Drift drift) {
        Set<String> names = new LinkedHashSet<>();
        family.ancestors().stream().sorted(Comparator.comparingInt(FamilyTree.Edge::depth).reversed()).forEach(e -> names.add(e.base()));
        List<Step> chain = new ArrayList<>();
        names.forEach(n -> chain.add(new Step(n, relationOf(family, n))));
        return new FamilyView(shell, picker, links, family, chain, drift);
    }

    /** How the model derives from its base, as the first edge where it is the child says; null for a root. */
    static String relationOf(Lineages.Family family, String model) {
        return family.ancestors().stream().filter(e -> e.child().equals(model)).map(FamilyTree.Edge::relation).findFirst().orElse(null);
    }

    public String selfRelation() {
        return relationOf(family, family.id());
    }

    /** A share as a percentage with one decimal, or a dash when nothing was compared. */
    public static String share(long part, long whole) {
        return whole == 0 ? "–" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
