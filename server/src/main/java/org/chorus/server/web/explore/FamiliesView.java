package org.chorus.server.web.explore;

import java.util.List;
import org.chorus.discovery.Lineages;
import org.chorus.server.web.Shell;

/** {@code /explore/families}: one page of base models ranked by derivatives, the rank of the first, and the pages around it. */
public record FamiliesView(Shell shell, EcosystemPicker picker, ExploreLinks links, List<Lineages.FamilyRank> families, int firstRank, String previous, String next) {}
