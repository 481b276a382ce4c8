package org.chorus.discovery;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.chorus.core.db.Database;
import org.chorus.semantic.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds the cards this node's index holds without a vector, off the request path: a background thread takes
 * {@value #BATCH} such documents at a time, takes their vectors from the SQL cache or runs the model on the rest
 * (batched, {@link Embedder}), stores them in the cache, and has the follower re-put those repositories, now with
 * their vectors. It starts on the node's first search by meaning, so a node that never searches so never loads the
 * model; a write that leaves a card without a vector wakes it.
 */
final class Embeddings implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Embeddings.class);
    static final int BATCH = 64;
    private static final long IDLE_MILLIS = 1_000;
    private static final long FAILURE_PAUSE_MILLIS = 5_000;

    /** Puts these repositories' documents again, re-read from SQL (the follower, which serialises index writes). */
    interface Reindex {
        void reindex(Set<String> repoIds) throws IOException;
    }

    private final Database db;
    private final SearchIndex index;
    private final Reindex reindex;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private Thread worker;
    private volatile boolean closed;

    Embeddings(Database db, SearchIndex index, Reindex reindex, Clock clock) {
        this.db = db;
        this.index = index;
        this.reindex = reindex;
        this.clock = clock;
    }

    /** Starts the worker if it is not running (the first search by meaning). */
    synchronized void start() {
        if (worker == null && !closed) {
            worker = Thread.ofPlatform().daemon().name("discovery-embeddings").start(this::run);
        }
    }

    /** Cards were written without a vector: embed them now rather than at the next idle check. */
    void wake() {
        wake.release();
    }

    private void run() {
        List<String> previous = List.of();
        while (!closed) {
            try {
                List<String> ids = index.withoutVector(BATCH);
                if (ids.isEmpty() || ids.equals(previous)) {
                    // nothing to do, or the same cards again (their rows changed under us, or vanished): wait for news
                    previous = List.of();
                    wake.tryAcquire(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                embed(ids);
                previous = ids;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                if (closed) {
                    return;
                }
                LOG.warn("embedding cards for semantic search failed; retrying in {} ms", FAILURE_PAUSE_MILLIS, e);
                try {
                    Thread.sleep(FAILURE_PAUSE_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Vectors for these repositories' current cards into the cache (the model runs only on texts it lacks), then re-put. */
    private void embed(List<String> ids) throws IOException {
        List<IndexRow> rows = db.withHandle(h -> IndexRow.byIds(h, ids));
        Map<String, String> textByKey = new HashMap<>();
        rows.forEach(r -> {
            String text = r.embeddedText();
            textByKey.put(EmbeddingCache.key(text), text);
        });
        Set<String> missing = new LinkedHashSet<>(textByKey.keySet());
        missing.removeAll(db.withHandle(h -> EmbeddingCache.get(h, List.copyOf(textByKey.keySet()))).keySet());
        if (!missing.isEmpty()) {
            List<String> keys = new ArrayList<>(missing);
            float[][] vectors = Embedder.shared().embed(keys.stream().map(textByKey::get).toList());
            Map<String, float[]> byKey = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                byKey.put(keys.get(i), vectors[i]);
            }
            EmbeddingCache.put(db, byKey, clock.millis());
        }
        reindex.reindex(new LinkedHashSet<>(ids));
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            closed = true;
            w = worker;
        }
        wake.release();
        if (w != null) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
