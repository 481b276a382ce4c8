package org.chorus.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The evaluation set in an in-memory Lucene index, as the hub's index would hold it: BM25 over the name, the
 * metadata and the card body (English stemming), plus the card embedding through {@link SemanticSearch#addVector}.
 */
final class EvalIndex implements AutoCloseable {
    /** Field boosts of the keyword baseline: a word in the name or tags says more than one in the prose. */
    private static final Map<String, Float> FIELDS = Map.of("name", 3f, "meta", 2f, "body", 1f);

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    final IndexSearcher searcher;
    final List<String> ids = new ArrayList<>();

    /** @param text what is embedded for a card (CardText in production; the bench tries others) */
    EvalIndex(EvalSet set, Embedder embedder, Function<EvalSet.Card, String> text) {
        try (var writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            var vectors = embedder.embed(set.cards().stream().map(text).toList());
            for (int i = 0; i < set.cards().size(); i++) {
                var card = set.cards().get(i);
                var doc = new Document();
                doc.add(new StoredField("id", card.id()));
                doc.add(new TextField("name", card.id().replaceAll("[-_/.]", " "), Field.Store.NO));
                var meta = new ArrayList<>(card.tags());
                meta.add(card.pipeline_tag().replace('-', ' '));
                meta.add(card.library_name());
                meta.addAll(card.datasets());
                doc.add(new TextField("meta", String.join(" ", meta), Field.Store.NO));
                doc.add(new TextField("body", card.body(), Field.Store.NO));
                SemanticSearch.addVector(doc, vectors[i]);
                writer.addDocument(doc);
                ids.add(card.id());
            }
            writer.forceMerge(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            reader = DirectoryReader.open(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        searcher = new IndexSearcher(reader);
    }

    /** Every analysed word of the query, in every field, with the field's boost: a plain multi-field BM25. */
    Query keywordQuery(String text) {
        var query = new BooleanQuery.Builder();
        for (var term : terms(text)) {
            FIELDS.forEach((field, boost) -> query.add(new BoostQuery(new TermQuery(new Term(field, term)), boost), Occur.SHOULD));
        }
        return query.build();
    }

    private List<String> terms(String text) {
        var terms = new LinkedHashSet<String>();
        try (var stream = analyzer.tokenStream("body", text)) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) terms.add(term.toString());
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(terms);
    }

    /** The ids of the best ten cards for a query under a mode. */
    List<String> top10(String query, float[] vector, SearchMode mode, SemanticSearch.Fusion fusion) {
        try {
            return SemanticSearch.search(searcher, keywordQuery(query), vector, null, mode, 10, fusion).stream()
                    .map(hit -> ids.get(hit.doc())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
        analyzer.close();
    }
}
