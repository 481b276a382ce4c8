package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.store.NRTCachingDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.chorus.semantic.KeywordFields;
import org.chorus.semantic.SemanticSearch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of one node: a writer, and the newest reader searches see ({@link View}), swapped after each
 * batch of changes. It lives in the first free slot under its directory ({@code index-0}, {@code index-1}, …), so
 * nodes sharing a data directory each keep their own; it is a cache, rebuilt from SQL when missing or stale.
 * The last commit's user data says which change-log entries it holds ({@link #FLOOR}) and when it was written.
 * Segments a refresh flushes stay in memory until the next commit writes them out ({@link NRTCachingDirectory}):
 * every node refreshes once per batch of changes it applies (a commit anywhere is a small segment on every node), and
 * creating, writing and deleting a dozen files was three quarters of a refresh's CPU, 11–13% of a node's in the
 * scale-out bench (JFR CPU-time samples, 2026-12-05). Nothing is lost by it: what was never committed is re-read
 * from the change log after a crash, as before.
 */
final class SearchIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SearchIndex.class);
    static final String FORMAT = "format";
    static final String FLOOR = "floor";
    static final String COMMITTED_AT = "committedAt";
    /** Bumped when documents change shape: an index of another format is rebuilt. */
    static final String CURRENT_FORMAT = "8";
    private static final int SLOTS = 16;
    /** Flushed segments up to this size stay in memory until a commit, up to {@link #MAX_CACHED_MB} in all. */
    private static final double MAX_CACHED_SEGMENT_MB = 4;
    private static final double MAX_CACHED_MB = 32;
    /** Queries whose public facet counts a view keeps (an unfiltered list's counts hold every organisation: ~2 MB). */
    static final int COUNTED = 32;

    /** A reader and its facet state (built on first use: most refreshes serve no facet count before the next). */
    static final class View {
        final IndexSearcher searcher;
        /** The models no longer public that lineages still to be re-put may name ({@link PendingReputs#withdrawn}). */
        private final Set<String> withdrawn;
        private SortedSetDocValuesReaderState facets;
        private SortedSetDocValuesReaderState lineage;
        private StaleLineage stale;

        /**
         * The public repositories' facet counts per matching query (the last {@value #COUNTED} asked), counted once
         * per view: a view never changes, and every change the node applies from the change log makes a new one.
         */
        private final Map<Query, FacetTally> publicCounts = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Query, FacetTally> eldest) {
                return size() > COUNTED;
            }
        });

        /** Answers computed once per view for callers who read only public repositories ({@link #memo}). */
        private final Map<Class<?>, Object> memos = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * The same for answers that read no lineage field ({@link #lineageFreeMemo}): shared, not copied, by the views
         * that differ from this one only by slices of re-puts, so that an answer slower than a slice (the families
         * ranking at 1.8M models) computed on this view serves the newer ones too instead of being computed again on
         * each.
         */
        private final Map<Class<?>, Object> lineageFree;

        View(DirectoryReader reader, Set<String> withdrawn, Map<Class<?>, Object> lineageFree) {
            this.searcher = new IndexSearcher(reader);
            this.withdrawn = withdrawn;
            this.lineageFree = lineageFree;
        }

        /** The documents whose lineage may still name a withdrawn model (found on first use). */
        synchronized StaleLineage staleLineage() throws IOException {
            if (stale == null) {
                stale = StaleLineage.of(searcher, withdrawn);
            }
            return stale;
        }

        /** The tally of {@code publicOnly} (a query matching public repositories only), counted on first use. */
        FacetTally publicCounts(Query publicOnly) throws IOException {
            FacetTally known = publicCounts.get(publicOnly);
            if (known == null) {
                known = FacetTally.of(this, searcher.search(publicOnly, new FacetsCollectorManager()));
                publicCounts.put(publicOnly, known);
            }
            return known;
        }

        /** What {@code compute} answers for public callers on this view, computed on first use (null is not kept). */
        <T> T memo(Class<T> kind, Computation<T> compute) throws IOException {
            return memo(memos, kind, compute);
        }

        /**
         * As {@link #memo}, for an answer that reads no lineage field and holds no reference to this view's reader:
         * the views that differ from this one only by slices of re-puts, which change lineage fields alone, share it
         * ({@link SearchIndex#refreshReputs}), also when it is computed here after a newer one was made.
         */
        <T> T lineageFreeMemo(Class<T> kind, Computation<T> compute) throws IOException {
            return memo(lineageFree, kind, compute);
        }

        private static <T> T memo(Map<Class<?>, Object> memos, Class<T> kind, Computation<T> compute) throws IOException {
            Object known = memos.get(kind);
            if (known == null) {
                known = compute.get();
                if (known != null) {
                    memos.putIfAbsent(kind, known);
                }
            }
            return kind.cast(known);
        }

        interface Computation<T> {
            T get() throws IOException;
        }

        synchronized SortedSetDocValuesReaderState facets() throws IOException {
            if (facets == null && searcher.getIndexReader().leaves().stream().anyMatch(l -> l.reader().getFieldInfos()
                    .fieldInfo(RepoDocuments.FACETS.getDimConfig("task").indexFieldName) != null)) {
                facets = new DefaultSortedSetDocValuesReaderState(searcher.getIndexReader(), RepoDocuments.FACETS);
            }
            return facets;
        }

        /** The state of the base-model facets ({@link LineageFields#FACET_FIELD}), or null while no model names a base. */
        synchronized SortedSetDocValuesReaderState lineage() throws IOException {
            if (lineage == null && searcher.getIndexReader().leaves().stream()
                    .anyMatch(l -> l.reader().getFieldInfos().fieldInfo(LineageFields.FACET_FIELD) != null)) {
                lineage = new DefaultSortedSetDocValuesReaderState(searcher.getIndexReader(), LineageFields.FACET_FIELD, RepoDocuments.FACETS);
            }
            return lineage;
        }
    }

    private final Path path;
    private final Directory directory;
    private final IndexWriter writer;
    private volatile View view;
    /** What the next view's {@link View#withdrawn} is. */
    private volatile Set<String> withdrawn = Set.of();

    private SearchIndex(Path path, Directory directory, IndexWriter writer) throws IOException {
        this.path = path;
        this.directory = directory;
        this.writer = writer;
        this.view = new View(DirectoryReader.open(writer), Set.of(), new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** Opens (or creates) the index in the first slot under {@code parent} no other writer holds. */
    static SearchIndex open(Path parent) {
        try {
            Files.createDirectories(parent);
            for (int slot = 0; slot < SLOTS; slot++) {
                Path path = parent.resolve("index-" + slot);
                Directory dir = new NRTCachingDirectory(FSDirectory.open(path), MAX_CACHED_SEGMENT_MB, MAX_CACHED_MB);
                try {
                    IndexWriterConfig config = new IndexWriterConfig(new PerFieldAnalyzerWrapper(Queries.ANALYZER, KeywordFields.analyzers())).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
                    return new SearchIndex(path, dir, new IndexWriter(dir, config));
                } catch (LockObtainFailedException e) {
                    dir.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index under " + parent, e);
        }
        throw new IllegalStateException("all " + SLOTS + " search index slots under " + parent + " are held by running nodes");
    }

    Path path() {
        return path;
    }

    /** The user data of the last commit (empty for a new index). */
    Map<String, String> committed() {
        Map<String, String> data = new HashMap<>();
        writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
        return data;
    }

    /**
     * Puts the rows' documents, each with its card vector from {@code vectors} (by repository id) if there and its
     * lineage from {@code ancestry} (by model key; absent: none).
     */
    void put(Collection<IndexRow> rows, Map<String, float[]> vectors, Map<String, List<Ancestry.Entry>> ancestry) throws IOException {
        for (IndexRow row : rows) {
            writer.updateDocument(new Term(RepoDocuments.ID, row.repo().id()), document(row, vectors, ancestry));
        }
    }

    /** Adds documents to an index known not to hold them (a rebuild after {@link #deleteAll}): no lookup per row. */
    void add(Collection<IndexRow> rows, Map<String, float[]> vectors, Map<String, List<Ancestry.Entry>> ancestry) throws IOException {
        for (IndexRow row : rows) {
            writer.addDocument(document(row, vectors, ancestry));
        }
    }

    private static org.apache.lucene.document.Document document(IndexRow row, Map<String, float[]> vectors, Map<String, List<Ancestry.Entry>> ancestry) {
        return RepoDocuments.document(row, vectors.get(row.repo().id()), ancestry.getOrDefault(Ancestry.key(row.repo()), List.of()));
    }

    /** What {@link #bulkLoading} returns: closing it restores the default buffer. */
    interface BulkLoad extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A larger indexing buffer while a rebuild adds every document (an eighth of the heap, at most 512 MB), back to
     * Lucene's default when closed: fewer, larger segments flushed, fewer merges.
     */
    BulkLoad bulkLoading() {
        double mb = Math.clamp(Runtime.getRuntime().maxMemory() / 8.0 / (1 << 20), IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB, 512);
        writer.getConfig().setRAMBufferSizeMB(mb);
        return () -> writer.getConfig().setRAMBufferSizeMB(IndexWriterConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
    }

    /** Up to {@code n} repositories whose documents have no card vector yet (for {@link Embeddings}). */
    List<String> withoutVector(int n) {
        Query lacking = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                .add(new FieldExistsQuery(SemanticSearch.VECTOR_FIELD), Occur.MUST_NOT).build();
        return read(v -> {
            try {
                StoredFields stored = v.searcher.storedFields();
                List<String> ids = new ArrayList<>();
                for (ScoreDoc d : v.searcher.search(lacking, n).scoreDocs) {
                    ids.add(stored.document(d.doc, Set.of(RepoDocuments.ID)).get(RepoDocuments.ID));
                }
                return ids;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Of these rows' repositories, those whose document in the current view holds other download-derived counts (or
     * that have none): what a counts batch re-indexes. Looked up by id term and doc values, no stored field read.
     */
    Set<String> holdingOtherCounts(Collection<DownloadCounts.Counted> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        return read(v -> {
            Set<String> other = new LinkedHashSet<>();
            rows.forEach(r -> other.add(r.repoId()));
            try {
                for (LeafReaderContext leaf : v.searcher.getIndexReader().leaves()) {
                    LeafReader reader = leaf.reader();
                    Terms ids = reader.terms(RepoDocuments.ID);
                    if (ids == null) {
                        continue;
                    }
                    TermsEnum terms = ids.iterator();
                    Bits live = reader.getLiveDocs();
                    PostingsEnum docs = null;
                    for (DownloadCounts.Counted r : rows) {
                        if (!terms.seekExact(new BytesRef(r.repoId()))) {
                            continue;
                        }
                        docs = terms.postings(docs, PostingsEnum.NONE);
                        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                            if ((live == null || live.get(doc)) && holds(reader, doc, RepoDocuments.DOWNLOADS, r.downloads())
                                    && holds(reader, doc, RepoDocuments.TRENDING, r.trending())) {
                                other.remove(r.repoId());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return other;
        });
    }

    /** Whether the document holds {@code value} in the numeric doc values {@code field} (a fresh iterator: they only move forward). */
    private static boolean holds(LeafReader reader, int doc, String field, long value) throws IOException {
        NumericDocValues values = DocValues.getNumeric(reader, field);
        return values.advanceExact(doc) && values.longValue() == value;
    }

    void delete(Collection<String> repoIds) throws IOException {
        for (String id : repoIds) {
            writer.deleteDocuments(new Term(RepoDocuments.ID, id));
        }
    }

    void deleteAll() throws IOException {
        writer.deleteAll();
        withdrawn = Set.of();
    }

    /** The models no longer public that lineages still to be re-put may name, from the next {@link #refresh} on. */
    void withdrawn(Set<String> keys) {
        withdrawn = Set.copyOf(keys);
    }

    /** How many repositories the current view holds. */
    long count() {
        return read(v -> (long) v.searcher.getIndexReader().numDocs());
    }

    /** Makes every change so far visible to searches. */
    void refresh() throws IOException {
        refresh(false);
    }

    /**
     * Makes a slice of re-puts visible, when they are the only change since the last refresh: documents put again
     * with new lineage fields and nothing else changed (the follower refreshes after every other write, under the
     * same lock), so the lineage-free answers of the current view still hold.
     */
    void refreshReputs() throws IOException {
        refresh(true);
    }

    private void refresh(boolean reputsOnly) throws IOException {
        View old = view;
        DirectoryReader reader = (DirectoryReader) old.searcher.getIndexReader();
        DirectoryReader next = DirectoryReader.openIfChanged(reader, writer);
        if (next == null && old.withdrawn.equals(withdrawn)) {
            return;
        }
        if (next == null) {
            reader.incRef();
            next = reader;
        }
        view = new View(next, withdrawn, reputsOnly ? old.lineageFree : new java.util.concurrent.ConcurrentHashMap<>());
        reader.decRef();
    }

    /** Durably commits what the index holds, saying it holds the change log up to {@code floor}. */
    void commit(long floor, long now) throws IOException {
        writer.setLiveCommitData(Map.of(FORMAT, CURRENT_FORMAT, FLOOR, Long.toString(floor), COMMITTED_AT, Long.toString(now)).entrySet());
        writer.commit();
    }

    /** Runs an ecosystem's {@code read} on the current view with the caller's filter {@code visible}. */
    <T> T read(Query visible, Ecosystem.Read<T> read) {
        return read(view -> {
            try {
                return read.apply(view, visible);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Runs {@code read} on the current view, which stays open until it returns. */
    <T> T read(Function<View, T> read) {
        while (true) {
            View v = view;
            if (v.searcher.getIndexReader().tryIncRef()) {
                try {
                    return read.apply(v);
                } finally {
                    try {
                        v.searcher.getIndexReader().decRef();
                    } catch (IOException e) {
                        LOG.warn("closing a search index reader failed", e);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            view.searcher.getIndexReader().decRef();
            writer.close();
        } finally {
            directory.close();
        }
    }
}
