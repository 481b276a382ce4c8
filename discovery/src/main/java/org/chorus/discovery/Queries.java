package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.RepoQuery;

/**
 * A {@link RepoQuery} as a Lucene query and sort, built term by term: the caller's text is never parsed as query
 * syntax, so {@code *}, {@code :}, {@code "} or {@code AND} in it are searched for as themselves.
 * {@code search} matches a repository whose id contains it (the Hub's rule) or whose name, tags and card text hold
 * each of its words.
 */
final class Queries {
    static final Analyzer ANALYZER = new StandardAnalyzer();
    /** Longer searches are refused: a sentence finds what it can in 1,000 characters. */
    static final int MAX_SEARCH = 1000;
    static final int MAX_WORDS = 32;
    static final int MAX_FILTERS = 50;
    private static final int MAX_ID = 200;

    /** Sort keys as the Hub's clients send them, each with its field and type. */
    private static final Map<String, SortField.Type> NUMERIC_SORTS = Map.of(
            RepoDocuments.DOWNLOADS, SortField.Type.LONG, RepoDocuments.LIKES, SortField.Type.LONG,
            RepoDocuments.MODIFIED, SortField.Type.LONG, RepoDocuments.CREATED, SortField.Type.LONG,
            RepoDocuments.TRENDING, SortField.Type.LONG);
    static final Map<String, String> SORT_KEYS = Map.ofEntries(
            Map.entry("downloads", RepoDocuments.DOWNLOADS), Map.entry("likes", RepoDocuments.LIKES),
            Map.entry("lastModified", RepoDocuments.MODIFIED), Map.entry("last_modified", RepoDocuments.MODIFIED),
            Map.entry("createdAt", RepoDocuments.CREATED), Map.entry("created_at", RepoDocuments.CREATED),
            Map.entry("id", RepoDocuments.NAME_SORT), Map.entry("trending", RepoDocuments.TRENDING),
            Map.entry("trendingScore", RepoDocuments.TRENDING), Map.entry("trending_score", RepoDocuments.TRENDING));

    private Queries() {}

    /** The matching set: the query's conditions and the caller's visibility, all as filters (no scoring). */
    static Query matching(RepoQuery q, Query visible) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(RepoDocuments.KIND, q.type().wire())), Occur.FILTER);
        if (visible != null) {
            b.add(visible, Occur.FILTER);
        }
        String search = q.search() == null ? "" : q.search().strip();
        if (!search.isEmpty()) {
            b.add(search(search), Occur.FILTER);
        }
        if (q.author() != null && !q.author().isEmpty()) {
            b.add(new TermQuery(new Term(RepoDocuments.OWNER, q.author().toLowerCase(Locale.ROOT))), Occur.FILTER);
        }
        if (q.filters().size() > MAX_FILTERS) {
            throw ChorusException.invalid("at most " + MAX_FILTERS + " filters are allowed");
        }
        for (String tag : q.filters()) {
            b.add(new TermQuery(new Term(RepoDocuments.TAG, tag)), Occur.FILTER);
        }
        return new ConstantScoreQuery(b.build());
    }

    private static Query search(String text) {
        if (text.length() > MAX_SEARCH) {
            throw ChorusException.invalid("search must be at most " + MAX_SEARCH + " characters");
        }
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        if (text.length() <= MAX_ID) {
            either.add(NameContains.of(text.toLowerCase(Locale.ROOT)), Occur.SHOULD);
        }
        List<String> words = words(text);
        if (!words.isEmpty()) {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            words.forEach(w -> all.add(new TermQuery(new Term(RepoDocuments.TEXT, w)), Occur.MUST));
            either.add(all.build(), Occur.SHOULD);
        }
        either.setMinimumNumberShouldMatch(1);
        return either.build();
    }

    /** The distinct words of the text as the index analysed the card (at most {@value #MAX_WORDS}). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream(RepoDocuments.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String w = term.toString();
                if (!out.contains(w)) {
                    out.add(w);
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() > MAX_WORDS) {
            throw ChorusException.invalid("search may have at most " + MAX_WORDS + " words");
        }
        return out;
    }

    /** The listing's order (newest first when none is asked), ties broken by id in the same direction, as in SQL. */
    static Sort sort(RepoQuery q) {
        String key = q.sort() == null || q.sort().isEmpty() ? "createdAt" : q.sort();
        String field = SORT_KEYS.get(key);
        if (field == null) {
            throw ChorusException.invalid("sort must be one of " + String.join(", ", SORT_KEYS.keySet().stream().sorted().toList()));
        }
        boolean reverse = !q.ascending();
        SortField primary = NUMERIC_SORTS.containsKey(field) ? new SortField(field, NUMERIC_SORTS.get(field), reverse)
                : new SortField(field, SortField.Type.STRING, reverse);
        return new Sort(primary, new SortField(RepoDocuments.ID, SortField.Type.STRING, reverse));
    }
}
