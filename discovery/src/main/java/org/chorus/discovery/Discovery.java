package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.LocalChanges;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoSearch;
import org.chorus.hub.repos.Repos;
import org.chorus.semantic.Embedder;
import org.chorus.semantic.SearchMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model and dataset lists answered from this node's in-process Lucene index ({@link SearchIndex}), kept current
 * by following the change log in SQL ({@link ChangeFollower}) in a batch every {@link #FOLLOW_EVERY}; a search
 * applies it first when this node wrote since, or when another node's entry concerns a repository private or gone
 * now ({@link SearchFreshness}), so a node answers its own writes at once and another node's within the batch, and
 * a repository made private or deleted leaves every node's lists at once. Downloads are the exception too:
 * their counts reach the documents in a batch every {@link #COUNTS_EVERY} ({@link DownloadCounts}), so that a
 * download does not cost every node a re-index; the daily decay of the trending scores runs in that batch too, off
 * the request path. Facet counts come from the same index and the same query as the page.
 */
public final class Discovery implements RepoSearch, CardSearch, Ecosystem, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    /**
     * How often a node applies the change log without being asked: how late another node's writes may reach its lists
     * (the "within a second", with the batch's own work inside it: a batch every second reached 1.2 s).
     */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(500);
    private static final long COMMIT_MILLIS = 5_000;
    /** How long the log keeps entries; an index committed longer ago than half of it is rebuilt instead of followed. */
    static final long RETENTION_MILLIS = 86_400_000L;
    private static final int REBUILD_BATCH = 2_000;
    /** How often each node takes the download counts into its documents: how stale an order by downloads or trending may be. */
    static final Duration COUNTS_EVERY = Duration.ofSeconds(10);

    private final Database db;
    private final Repos repos;
    private final Clock clock;
    private final SearchIndex index;
    private final ChangeFollower follower;
    private final SearchFreshness freshness;
    private final DownloadCounts counts;
    private final Embeddings embeddings;
    private final ScheduledExecutorService poller;
    private long lastCommit;
    private long lastPrune;

    private Discovery(Database db, Repos repos, Clock clock, SearchIndex index, ChangeFollower follower, DownloadCounts counts,
            Embeddings embeddings, Duration countsEvery, Duration followEvery, SearchFreshness freshness) {
        this.db = db;
        this.repos = repos;
        this.clock = clock;
        this.index = index;
        this.follower = follower;
        this.freshness = freshness;
        this.counts = counts;
        this.embeddings = embeddings;
        this.lastCommit = clock.millis();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("discovery-follower").unstarted(r));
        poller.scheduleWithFixedDelay(this::poll, followEvery.toMillis(), followEvery.toMillis(), TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::takeCounts, countsEvery.toMillis(), countsEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes cached card embeddings no repository's current card uses that were stored before {@code cutoff} (run by
     * {@code chorus storage gc}): vectors of deleted repositories' and edited cards' texts. Returns how many.
     */
    public static int forgetUnusedEmbeddings(Database db, Instant cutoff) {
        return EmbeddingCache.forgetUnused(db, cutoff.toEpochMilli());
    }

    /**
     * Opens this node's index under {@code dir} and starts following. It is rebuilt from SQL when missing, of another
     * format, committed longer ago than the log reaches back, ahead of the log, or (once caught up) holding another
     * number of repositories than SQL.
     */
    public static Discovery open(Database db, Repos repos, Path dir, Clock clock) {
        return open(db, repos, dir, clock, COUNTS_EVERY);
    }

    /** With the download counts taken every {@code countsEvery} (tests take them by hand with a long one). */
    static Discovery open(Database db, Repos repos, Path dir, Clock clock, Duration countsEvery) {
        return open(db, repos, dir, clock, countsEvery, FOLLOW_EVERY, LocalChanges::committed);
    }

    /**
     * With the change log applied every {@code followEvery} and this node's own writes counted by {@code ownChanges}
     * (tests open a node as if in another process with a count that never moves, and apply its batch by hand).
     */
    static Discovery open(Database db, Repos repos, Path dir, Clock clock, Duration countsEvery, Duration followEvery, LongSupplier ownChanges) {
        return open(db, repos, dir, clock, countsEvery, followEvery, ownChanges, DownloadCounts.PAGE, () -> {});
    }

    /** With the counts batch read {@code countsPage} rows at a time and {@code afterCountsPage} run between pages (tests look there). */
    static Discovery open(Database db, Repos repos, Path dir, Clock clock, Duration countsEvery, Duration followEvery, LongSupplier ownChanges,
            int countsPage, Runnable afterCountsPage) {
        SearchIndex index = SearchIndex.open(dir);
        // the follower (created below) tells the embeddings of cards it wrote without a vector; they re-put through it
        ChangeFollower[] current = new ChangeFollower[1];
        Embeddings embeddings = new Embeddings(db, index, ids -> current[0].reindex(ids), clock);
        try {
            long floor = usableFloor(db, index, clock.millis());
            if (floor < 0) {
                floor = rebuild(db, index, clock.millis());
            }
            current[0] = new ChangeFollower(db, index, floor, embeddings::wake);
            current[0].catchUp();
            if (index.count() != db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_repos").mapTo(Long.class).one())) {
                // rows written or deleted straight in SQL (a restore, a seeded benchmark) left no log entries
                LOG.info("the search index in {} holds another number of repositories than SQL; rebuilding it", index.path());
                current[0] = new ChangeFollower(db, index, rebuild(db, index, clock.millis()), embeddings::wake);
                current[0].catchUp();
            }
            // the counts of the rows counted since the index last took them from SQL (a node restarted takes them at once)
            long indexedAt = Long.parseLong(index.committed().getOrDefault(SearchIndex.COMMITTED_AT, "0"));
            DownloadCounts counts = new DownloadCounts(db, index, current[0], indexedAt, countsPage, afterCountsPage);
            counts.refresh();
            return new Discovery(db, repos, clock, index, current[0], counts, embeddings, countsEvery, followEvery,
                    new SearchFreshness(db, ownChanges));
        } catch (IOException | RuntimeException e) {
            try {
                index.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot open the search index in " + index.path(), io)
                    : (RuntimeException) e;
        }
    }

    /** The change-log entry the committed index holds up to, or -1 if it must be rebuilt. */
    private static long usableFloor(Database db, SearchIndex index, long now) {
        Map<String, String> data = index.committed();
        if (!SearchIndex.CURRENT_FORMAT.equals(data.get(SearchIndex.FORMAT))) {
            return -1;
        }
        long floor = Long.parseLong(data.getOrDefault(SearchIndex.FLOOR, "0"));
        long committedAt = Long.parseLong(data.getOrDefault(SearchIndex.COMMITTED_AT, "0"));
        long newest = db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes").mapTo(Long.class).one());
        // older than the log reaches back, or ahead of it (a database restored or replaced): the log cannot bring it up to date
        return now - committedAt > RETENTION_MILLIS / 2 || floor > newest ? -1 : floor;
    }

    /**
     * Reads every row from SQL in id order on this thread while a pool of {@link #indexThreads} adds the previous
     * batches' documents (IndexWriter takes documents from several threads at once), with a larger indexing buffer
     * so the rebuild writes few segments: one pass, SQL reads and indexing overlapped.
     */
    private static long rebuild(Database db, SearchIndex index, long now) throws IOException {
        long started = System.nanoTime();
        long floor = ChangeFollower.safeStart(db, now);
        Map<String, List<Ancestry.Entry>> ancestry = ancestry(db);
        long lineages = System.nanoTime();
        index.deleteAll();
        int threads = indexThreads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().name("discovery-rebuild").unstarted(r));
        // at most two batches waiting per thread: the reader stays ahead without holding the whole table in memory
        Semaphore pending = new Semaphore(2 * threads);
        List<Future<?>> added = new ArrayList<>();
        int count = 0;
        SearchIndex.BulkLoad bulk = index.bulkLoading();
        try {
            String after = "";
            while (true) {
                String from = after;
                List<IndexRow> rows = db.withHandle(h -> IndexRow.after(h, from, REBUILD_BATCH));
                Map<String, float[]> vectors = db.withHandle(h -> EmbeddingCache.forRows(h, rows));
                pending.acquireUninterruptibly();
                added.add(pool.submit(() -> {
                    try {
                        index.add(rows, vectors, ancestry);
                    } finally {
                        pending.release();
                    }
                    return null;
                }));
                count += rows.size();
                if (rows.size() < REBUILD_BATCH) {
                    break;
                }
                after = rows.getLast().repo().id();
                for (var it = added.iterator(); it.hasNext(); ) {
                    Future<?> f = it.next();
                    if (f.isDone()) {
                        f.get(); // a failed batch stops the rebuild here
                        it.remove();
                    }
                }
            }
            for (Future<?> f : added) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rebuilding the search index", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("rebuilding the search index failed", e.getCause());
        } finally {
            pool.shutdownNow();
            bulk.close();
        }
        index.commit(floor, now);
        index.refresh();
        LOG.info("rebuilt the search index in {} from SQL: {} repositories in {} ms on {} indexing threads (lineages {} ms)", index.path(), count,
                (System.nanoTime() - started) / 1_000_000, threads, (lineages - started) / 1_000_000);
        return floor;
    }

    /** Every model's lineage along public models ({@link Ancestry}), from one read of every row before the rebuild writes any. */
    private static Map<String, List<Ancestry.Entry>> ancestry(Database db) {
        Ancestry.Collected models = new Ancestry.Collected();
        String after = "";
        while (true) {
            String from = after;
            List<IndexRow> rows = db.withHandle(h -> IndexRow.after(h, from, REBUILD_BATCH));
            models.add(rows);
            if (rows.size() < REBUILD_BATCH) {
                return models.ancestry();
            }
            after = rows.getLast().repo().id();
        }
    }

    /** One indexing thread per core, at most four (SQL is read on the caller's thread beside them). */
    private static int indexThreads() {
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
    }

    private void poll() {
        try {
            follower.catchUp();
            follower.putPending();
            long now = clock.millis();
            if (now - lastCommit >= COMMIT_MILLIS && follower.takeDirty()) {
                index.commit(follower.floor(), now);
                lastCommit = now;
            }
            if (now - lastPrune >= RETENTION_MILLIS / 24) {
                lastPrune = now;
                db.useTransaction(h -> h.createUpdate("DELETE FROM hub_changes WHERE changed_at < :t").bind("t", now - RETENTION_MILLIS).execute());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("following the change log into the search index failed; retrying at the next batch", e);
        }
    }

    /**
     * Takes the download counts into the documents now, after the daily decay of the trending scores if a day began;
     * how many repositories it re-indexed (the batch's count).
     */
    public int refreshDownloadCounts() {
        try {
            repos.refreshTrending();
            return counts.refresh();
        } catch (IOException e) {
            throw new UncheckedIOException("updating the search index's download counts failed", e);
        }
    }

    private void takeCounts() {
        try {
            refreshDownloadCounts();
        } catch (RuntimeException e) {
            LOG.warn("taking the download counts into the search index failed; retrying in {}", COUNTS_EVERY, e);
        }
    }

    /** Applies the change log now: the batch the follower runs every {@link #FOLLOW_EVERY} (tests run it by hand). */
    void applyChangeLog() {
        try {
            follower.catchUp();
        } catch (IOException e) {
            throw new UncheckedIOException("updating the search index failed", e);
        }
    }

    /** The change-log entry up to which this node's index is settled. */
    long followedUpTo() {
        return follower.floor();
    }

    /** This node's follower (tests slice its re-puts). */
    ChangeFollower follower() {
        return follower;
    }

    private void catchUp() {
        try {
            freshness.beforeSearch(follower);
        } catch (IOException e) {
            throw new UncheckedIOException("updating the search index failed", e);
        }
    }

    @Override
    public Page<Repo> list(Optional<Principal> caller, RepoQuery query) {
        return search(caller, query, 0).page();
    }

    @Override
    public Facets count(Optional<Principal> caller, RepoQuery query, int perFacet) {
        requirePerFacet(perFacet);
        Visible visible = Visible.of(db, caller);
        Query publicOnly = Queries.matching(query, Visible.PUBLIC);
        catchUp();
        return index.read(view -> {
            try {
                return facets(view, query, publicOnly, visible, perFacet);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The explorers' and family trees' reads over this node's index, current with the change log like every search. */
    @Override
    public <T> T read(Optional<Principal> caller, Ecosystem.Read<T> read) {
        Query visible = Visible.to(db, caller);
        catchUp();
        return index.read(visible, read);
    }

    /** The page and the counts from one pass over the matching documents (the list page's case). */
    @Override
    public Listed listWithFacets(Optional<Principal> caller, RepoQuery query, int perFacet) {
        requirePerFacet(perFacet);
        return search(caller, query, perFacet);
    }

    private static void requirePerFacet(int perFacet) {
        if (perFacet < 1 || perFacet > MAX_VALUES) {
            throw ChorusException.invalid("values per facet must be between 1 and " + MAX_VALUES);
        }
    }

    /** A page, and with {@code perFacet > 0} the facet counts of everything it is cut from. */
    private Listed search(Optional<Principal> caller, RepoQuery query, int perFacet) {
        Sort sort = Queries.sort(query);
        Visible visible = Visible.of(db, caller);
        Query matching = Queries.matching(query, visible.filter());
        Query publicOnly = Queries.matching(query, Visible.PUBLIC);
        catchUp();
        return index.read(view -> {
            try {
                IndexSearcher searcher = view.searcher;
                int wanted = query.offset() + query.limit() + 1;
                ScoreDoc[] top = ListingTop.top(searcher, matching, wanted, sort);
                StoredFields stored = searcher.storedFields();
                List<Repo> rows = new ArrayList<>();
                for (int i = query.offset(); i < top.length && rows.size() < query.limit(); i++) {
                    var doc = stored.document(top[i].doc);
                    rows.add(RepoDocuments.repo(doc.get(RepoDocuments.ID), doc.get(RepoDocuments.ROW)));
                }
                Page<Repo> page = new Page<>(List.copyOf(rows), -1, top.length > query.offset() + query.limit());
                return new Listed(page, perFacet > 0 ? facets(view, query, publicOnly, visible, perFacet) : null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * The counts over what the caller may read of the query's matches: the public ones' from the view's tally (counted
     * once per view, shared by every caller), plus the private ones the caller may read, counted now.
     */
    private static Facets facets(SearchIndex.View view, RepoQuery query, Query publicOnly, Visible visible, int perFacet) throws IOException {
        FacetTally open = view.publicCounts(publicOnly);
        if (visible.privateOnes() == null) {
            return open.top(perFacet);
        }
        Query privateOnes = Queries.matching(query, visible.privateOnes());
        return open.plus(FacetTally.of(view, view.searcher.search(privateOnes, new FacetsCollectorManager())), perFacet);
    }

    /**
     * The best cards for a search by words, by meaning or both ({@link SearchMode}), among those the caller may read.
     * A search by meaning starts this node's {@link Embeddings} (cards written since are embedded in the background)
     * and embeds the query itself; cards not embedded yet are found by words only.
     */
    @Override
    public List<CardHit> search(Optional<Principal> caller, CardQuery q) {
        float[] meaning = null;
        if (q.mode() != SearchMode.KEYWORD) {
            embeddings.start();
            meaning = Embedder.shared().embed(q.text());
        }
        return CardHits.find(this, caller, q, meaning);
    }

    @Override
    public void close() {
        embeddings.close();
        poller.shutdown();
        try {
            if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the search index follower did not stop within 10 s");
            }
            // what a change left to re-put is put before the commit says the index holds the change
            follower.putPending();
            synchronized (follower) {
                index.commit(follower.floor(), clock.millis());
            }
            index.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the search index in {} failed; it is rebuilt or caught up at the next start", index.path(), e);
        }
    }
}
