package org.chorus.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The evaluation set in an in-memory Lucene index, as the hub's index holds it: {@link KeywordFields} (BM25 over
 * the name, the metadata and the card body, English stemming), plus the card embedding through {@link SemanticSearch#addVector}.
 */
final class EvalIndex implements AutoCloseable {
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final DirectoryReader reader;
    final IndexSearcher searcher;
    final List<String> ids = new ArrayList<>();

    /** @param text what is embedded for a card (CardText in production; the bench tries others) */
    EvalIndex(EvalSet set, Embedder embedder, Function<EvalSet.Card, String> text) {
        try (var writer = new IndexWriter(directory, new IndexWriterConfig(new PerFieldAnalyzerWrapper(new StandardAnalyzer(), KeywordFields.analyzers())))) {
            var vectors = embedder.embed(set.cards().stream().map(text).toList());
            for (int i = 0; i < set.cards().size(); i++) {
                var card = set.cards().get(i);
                var doc = new Document();
                doc.add(new StoredField("id", card.id()));
                var tags = new ArrayList<>(card.tags());
                tags.addAll(card.datasets());
                KeywordFields.add(doc, card.id(), card.pipeline_tag(), card.library_name(), tags, card.body());
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

    Query keywordQuery(String text) {
        return KeywordFields.query(text);
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
    }
}
