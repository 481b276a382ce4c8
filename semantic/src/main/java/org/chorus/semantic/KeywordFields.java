package org.chorus.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The keyword side of semantic search's hybrid ranking: a card's name, metadata (task, library, tags) and body as
 * three English-stemmed fields, and a query over them where any word counts (BM25), a word in the name or the
 * metadata counting more. The evaluation set measures exactly this (docs/discovery.md, "Quality").
 */
public final class KeywordFields {
    public static final String NAME = "kw_name";
    public static final String META = "kw_meta";
    public static final String BODY = "kw_body";
    /** Field boosts: a word in the name or tags says more about a card than one in its prose (tuned on half the queries). */
    private static final Map<String, Float> BOOSTS = Map.of(NAME, 3f, META, 2f, BODY, 1f);
    /** The analyser of the three fields; an index writer must analyse them with it ({@link #analyzers()}). */
    private static final Analyzer ENGLISH = new EnglishAnalyzer();
    /** Most words a query contributes: a sentence-long capability query needs no more. */
    public static final int MAX_WORDS = 32;

    private KeywordFields() {}

    /** The analyser per field, for an index writer's {@code PerFieldAnalyzerWrapper}. */
    public static Map<String, Analyzer> analyzers() {
        return Map.of(NAME, ENGLISH, META, ENGLISH, BODY, ENGLISH);
    }

    /**
     * Adds the three fields to a card's document.
     *
     * @param id      the repository id; its words, not its punctuation
     * @param task    the pipeline tag or null
     * @param library the library or null
     * @param tags    the card's tags
     * @param body    the card's text, or null
     */
    public static void add(Document doc, String id, String task, String library, List<String> tags, String body) {
        doc.add(new TextField(NAME, id.replaceAll("[-_/.]", " "), Field.Store.NO));
        var meta = new ArrayList<>(tags);
        if (task != null) meta.add(TaskGloss.of(task));
        if (library != null) meta.add(library);
        doc.add(new TextField(META, String.join(" ", meta), Field.Store.NO));
        doc.add(new TextField(BODY, body == null ? "" : body, Field.Store.NO));
    }

    /** Every analysed word of the text (the first {@value #MAX_WORDS}), in every field, with the field's boost. */
    public static Query query(String text) {
        var query = new BooleanQuery.Builder();
        for (var term : words(text)) {
            BOOSTS.forEach((field, boost) -> query.add(new BoostQuery(new TermQuery(new Term(field, term)), boost), Occur.SHOULD));
        }
        return query.build();
    }

    static List<String> words(String text) {
        var terms = new LinkedHashSet<String>();
        try (var stream = ENGLISH.tokenStream(BODY, text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < MAX_WORDS) terms.add(term.toString());
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(terms);
    }
}
