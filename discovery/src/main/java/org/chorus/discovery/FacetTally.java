package org.chorus.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.chorus.hub.repos.RepoFacets.Facet;
import org.chorus.hub.repos.RepoFacets.Facets;
import org.chorus.hub.repos.RepoFacets.ValueCount;

/**
 * Every facet's counts over one set of matching documents, each facet's values most frequent first (ties by value,
 * as the SQL counts order them). The public repositories' tally of a query is counted once per index view and
 * reused ({@link SearchIndex.View#publicCounts}); a caller who may read private repositories gets it {@link #plus}
 * the tally of those, counted per call, so a reused count never holds a repository the caller may not read.
 */
record FacetTally(long total, Map<Facet, List<ValueCount>> values) {
    private static final Comparator<ValueCount> ORDER = Comparator.comparingLong((ValueCount v) -> -v.count()).thenComparing(ValueCount::value);

    /** Counts what {@code fc} collected on {@code view}. */
    static FacetTally of(SearchIndex.View view, FacetsCollector fc) throws IOException {
        long total = fc.getMatchingDocs().stream().mapToLong(m -> m.totalHits()).sum();
        SortedSetDocValuesReaderState state = view.facets();
        SortedSetDocValuesFacetCounts counts = state == null || total == 0 ? null : new SortedSetDocValuesFacetCounts(state, fc);
        Map<Facet, List<ValueCount>> values = new EnumMap<>(Facet.class);
        for (Facet f : Facet.values()) {
            values.put(f, counts == null ? List.of() : all(counts, f));
        }
        return new FacetTally(total, values);
    }

    private static List<ValueCount> all(SortedSetDocValuesFacetCounts counts, Facet f) throws IOException {
        FacetResult all;
        try {
            all = counts.getAllChildren(f.wire());
        } catch (IllegalArgumentException noneIndexed) {
            return List.of();
        }
        if (all == null) {
            return List.of();
        }
        ValueCount[] out = new ValueCount[all.labelValues.length];
        for (int i = 0; i < out.length; i++) {
            LabelAndValue lv = all.labelValues[i];
            out[i] = new ValueCount(lv.label, lv.value.longValue(), filter(f, lv.label));
        }
        Arrays.sort(out, ORDER);
        return List.of(out);
    }

    private static String filter(Facet f, String value) {
        return f == Facet.LICENSE ? "license:" + value : value;
    }

    /** The {@code perFacet} most frequent values of each facet. */
    Facets top(int perFacet) {
        Map<Facet, List<ValueCount>> top = new EnumMap<>(Facet.class);
        values.forEach((f, v) -> top.put(f, List.copyOf(v.subList(0, Math.min(perFacet, v.size())))));
        return new Facets(total, top);
    }

    /**
     * The top {@code perFacet} of this tally and {@code other}'s, which counts documents this one does not. Per facet,
     * with {@code k} values in {@code other}: of this tally's first {@code perFacet + k} values at least
     * {@code perFacet} are not in {@code other}, and each of them outranks every later value not in {@code other};
     * so the merged top is among those first values and the {@code k}, whose counts are added wherever they stand.
     */
    Facets plus(FacetTally other, int perFacet) {
        Map<Facet, List<ValueCount>> top = new EnumMap<>(Facet.class);
        for (Facet f : Facet.values()) {
            Map<String, Long> extra = new HashMap<>();
            other.values.get(f).forEach(v -> extra.put(v.value(), v.count()));
            List<ValueCount> mine = values.get(f);
            List<ValueCount> merged = new ArrayList<>();
            Set<String> added = new HashSet<>();
            for (int i = 0; i < mine.size() && (i < perFacet + extra.size() || added.size() < extra.size()); i++) {
                ValueCount v = mine.get(i);
                Long more = extra.get(v.value());
                if (more != null) {
                    merged.add(new ValueCount(v.value(), v.count() + more, v.filter()));
                    added.add(v.value());
                } else if (i < perFacet + extra.size()) {
                    merged.add(v);
                }
            }
            other.values.get(f).stream().filter(v -> !added.contains(v.value())).forEach(merged::add);
            merged.sort(ORDER);
            top.put(f, List.copyOf(merged.subList(0, Math.min(perFacet, merged.size()))));
        }
        return new Facets(total + other.total, top);
    }
}
