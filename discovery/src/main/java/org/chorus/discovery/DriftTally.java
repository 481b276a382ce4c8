package org.chorus.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.util.ArrayUtil;
import org.chorus.discovery.Lineages.CardLength;
import org.chorus.discovery.Lineages.Drift;
import org.chorus.discovery.Lineages.Languages;
import org.chorus.discovery.Lineages.Licences;

/** Lineage drift summed up: edges by {@link DriftEdge} code, card lengths by generation; the walk's and the indexed drift's. */
final class DriftTally {
    private long compared, changed, permissive, restrictive, same, unranked;
    private long languagesCompared, fewer, english;
    private final Map<Integer, Lengths> lengths = new TreeMap<>();

    private static final class Lengths {
        long[] values = new long[16];
        int size;

        void add(long v) {
            values = ArrayUtil.grow(values, size + 1);
            values[size++] = v;
        }
    }

    /** Adds {@code n} edges of this {@link DriftEdge#code}. */
    void edge(String code, long n) {
        int l = DriftEdge.LICENCE.indexOf(code.charAt(0));
        int g = DriftEdge.LANGUAGES.indexOf(code.charAt(1));
        if (l < 0 || g < 0 || code.length() != 2) {
            throw new IllegalStateException("not a drift edge: " + code);
        }
        compared += l > 0 ? n : 0;
        changed += l > 1 ? n : 0;
        permissive += l == 2 ? n : 0;
        restrictive += l == 3 ? n : 0;
        same += l == 4 ? n : 0;
        unranked += l == 5 ? n : 0;
        languagesCompared += g > 0 ? n : 0;
        fewer += g == 2 || g == 4 ? n : 0;
        english += g == 3 || g == 4 ? n : 0;
    }

    /** A model {@code generation} steps below the family's root whose card text is {@code length} characters long. */
    void card(int generation, long length) {
        lengths.computeIfAbsent(generation, g -> new Lengths()).add(length);
    }

    /** The drift of the family of {@code id}; its edges are the models below generation 0. */
    Drift drift(String id) {
        List<CardLength> cards = new ArrayList<>();
        long edges = 0;
        for (Map.Entry<Integer, Lengths> e : lengths.entrySet()) {
            long[] sorted = Arrays.copyOf(e.getValue().values, e.getValue().size);
            Arrays.sort(sorted);
            long sum = 0;
            for (long v : sorted) {
                sum += v;
            }
            cards.add(new CardLength(e.getKey(), sorted.length, (double) sum / sorted.length, sorted[(sorted.length - 1) / 2]));
            edges += e.getKey() > 0 ? sorted.length : 0;
        }
        return new Drift(id, edges, new Licences(compared, changed, permissive, restrictive, same, unranked),
                new Languages(languagesCompared, fewer, english), cards);
    }
}
