package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.Ids;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoRows;
import org.chorus.hub.repos.RepoType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ecosystems the explorers read: the live hub ({@value #HUB}) and imported snapshots of other hubs, by name.
 * An import's rows are durable in SQL ({@code ecosystem_repos}, V23), written in batches under a new import id and made
 * visible in one last transaction that also retires the name's previous import of that kind, so a failed import
 * changes nothing readable. Each node builds its own Lucene index of an ecosystem from those rows on first use (a
 * cache, under {@code <dir>/<name>/<import ids>}, rebuilt when missing or incomplete), so every node reads the same data.
 */
public final class Ecosystems implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ecosystems.class);
    public static final String HUB = "hub";
    /** Rows a single import may hold; the public Hub's snapshot held about 2 million models in 2025. */
    public static final long MAX_ROWS = 5_000_000;
    private static final int BATCH = 5_000;
    /** An import not finished within this long is taken for a crashed one and swept. */
    private static final long STALE_MILLIS = 86_400_000L;
    private static final String REPO_COLUMNS = "SELECT e.import_id || ':' || e.row_no AS id, e.kind, e.owner AS owner_name, e.name,"
            + " FALSE AS private, e.created_at, e.last_modified, e.sha, e.downloads, e.downloads_all_time, e.likes, e.pipeline_tag, e.library_name, e.tags,"
            + " e.card_data, e.trending_score FROM ecosystem_repos e";

    /** An ecosystem as listed: an imported snapshot's counts and when it was imported (null for the live hub). */
    public record Ecosystem(String name, long models, long datasets, Instant importedAt) {}

    /** What an import loaded. */
    public record Imported(String name, RepoType kind, long repos, long skipped) {}

    /** An imported snapshot's index: every document public (owned by no account), so no caller's filter applies. */
    private record Built(String key, SearchIndex index) implements org.chorus.discovery.Ecosystem {
        @Override
        public <T> T read(Optional<Principal> caller, Read<T> read) {
            return index.read(null, read);
        }
    }

    private record Finished(String id, RepoType kind, long repos, long finishedAt) {}

    private final Database db;
    private final org.chorus.discovery.Ecosystem hub;
    private final Path dir;
    private final Clock clock;
    private final long maxRows;
    private final Map<String, Built> built = new HashMap<>();
    private final List<Built> retired = new ArrayList<>();

    private Ecosystems(Database db, org.chorus.discovery.Ecosystem hub, Path dir, Clock clock, long maxRows) {
        this.db = db;
        this.hub = hub;
        this.dir = dir;
        this.clock = clock;
        this.maxRows = maxRows;
    }

    /** {@code hub} answers for {@value #HUB}; imported ecosystems' indexes live under {@code dir}. */
    public static Ecosystems open(Database db, org.chorus.discovery.Ecosystem hub, Path dir, Clock clock) {
        return open(db, hub, dir, clock, MAX_ROWS);
    }

    static Ecosystems open(Database db, org.chorus.discovery.Ecosystem hub, Path dir, Clock clock, long maxRows) {
        return new Ecosystems(db, hub, dir, clock, maxRows);
    }

    /** The live hub first, then the imported ecosystems by name. */
    public List<Ecosystem> list() {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Long> imported = new HashMap<>();
        db.withHandle(h -> h.createQuery("SELECT name, kind, repos, finished_at FROM ecosystem_imports WHERE finished_at IS NOT NULL ORDER BY name")
                .map((rs, ctx) -> {
                    long[] c = counts.computeIfAbsent(rs.getString("name"), n -> new long[2]);
                    c[RepoType.parse(rs.getString("kind")) == RepoType.MODEL ? 0 : 1] = rs.getLong("repos");
                    imported.merge(rs.getString("name"), rs.getLong("finished_at"), Math::max);
                    return 0;
                }).list());
        List<Ecosystem> out = new ArrayList<>();
        out.add(new Ecosystem(HUB, -1, -1, null));
        counts.forEach((name, c) -> out.add(new Ecosystem(name, c[0], c[1], Instant.ofEpochMilli(imported.get(name)))));
        return out;
    }

    /** The name if it may name an imported ecosystem: the rule of repository names, and not {@value #HUB}. */
    public static String requireName(String name) {
        Names.require("ecosystem name", name);
        if (name.equalsIgnoreCase(HUB)) {
            throw ChorusException.invalid("the ecosystem name '" + HUB + "' is the live hub's");
        }
        return name;
    }

    /**
     * Loads a snapshot's Parquet file as the {@code kind} repositories of ecosystem {@code name}, replacing its previous
     * ones of that kind, and builds this node's index of it; INVALID_ARGUMENT or PAYLOAD_TOO_LARGE, with nothing
     * changed, if the file is not a snapshot.
     */
    public Imported importFile(Path file, String name, RepoType kind, String source) {
        requireName(name);
        String importId = Ids.newId(clock);
        String src = source == null || source.length() > 256 ? null : source;
        db.useTransaction(h -> h.createUpdate("INSERT INTO ecosystem_imports (id, name, kind, started_at, source) VALUES (:id, :name, :kind, :t, :src)")
                .bind("id", importId).bind("name", name).bind("kind", kind.wire()).bind("t", clock.millis()).bind("src", src).execute());
        long started = System.nanoTime();
        try {
            List<SnapshotImport.Row> batch = new ArrayList<>(BATCH);
            long[] written = {0};
            long skipped = SnapshotImport.read(file, kind, maxRows, row -> {
                batch.add(row);
                if (batch.size() == BATCH) {
                    flush(importId, kind, written, batch);
                }
            });
            flush(importId, kind, written, batch);
            db.useTransaction(h -> {
                h.createUpdate("UPDATE ecosystem_imports SET finished_at = NULL, started_at = 0 WHERE name = :name AND kind = :kind AND id <> :id")
                        .bind("name", name).bind("kind", kind.wire()).bind("id", importId).execute();
                h.createUpdate("UPDATE ecosystem_imports SET finished_at = :t, repos = :n, skipped = :s WHERE id = :id")
                        .bind("t", clock.millis()).bind("n", written[0]).bind("s", skipped).bind("id", importId).execute();
            });
            LOG.info("imported {} {}s ({} skipped) into ecosystem {} in {} ms", written[0], kind.wire(), skipped, name,
                    (System.nanoTime() - started) / 1_000_000);
            index(name); // readable on this node when the import returns; other nodes build theirs on first use
            return new Imported(name, kind, written[0], skipped);
        } catch (RuntimeException e) {
            db.useTransaction(h -> h.createUpdate("UPDATE ecosystem_imports SET started_at = 0 WHERE id = :id").bind("id", importId).execute());
            throw e;
        } finally {
            sweep();
        }
    }

    private void flush(String importId, RepoType kind, long[] written, List<SnapshotImport.Row> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long first = written[0];
        db.useTransaction(h -> SnapshotImport.insert(h, importId, kind, first, batch));
        written[0] += batch.size();
        batch.clear();
    }

    /** Removes an imported ecosystem: it disappears at once, its rows are deleted after. NOT_FOUND if there is none. */
    public void delete(String name) {
        requireName(name);
        int retired = db.inTransaction(h -> h.createUpdate("UPDATE ecosystem_imports SET finished_at = NULL, started_at = 0 WHERE name = :name AND finished_at IS NOT NULL")
                .bind("name", name).execute());
        if (retired == 0) {
            throw ChorusException.notFound("no ecosystem named '" + name + "'");
        }
        sweep();
    }

    /** Deletes, in batches, the rows of imports retired, failed, or unfinished for longer than a crashed one could be. */
    private void sweep() {
        List<String> dead = db.withHandle(h -> h.createQuery("SELECT id FROM ecosystem_imports WHERE finished_at IS NULL AND started_at < :t")
                .bind("t", clock.millis() - STALE_MILLIS).mapTo(String.class).list());
        for (String id : dead) {
            long max = db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(row_no), -1) FROM ecosystem_repos WHERE import_id = :id")
                    .bind("id", id).mapTo(Long.class).one());
            for (long lo = 0; lo <= max; lo += BATCH) {
                long from = lo;
                db.useTransaction(h -> h.createUpdate("DELETE FROM ecosystem_repos WHERE import_id = :id AND row_no >= :lo AND row_no < :hi")
                        .bind("id", id).bind("lo", from).bind("hi", from + BATCH).execute());
            }
            db.useTransaction(h -> h.createUpdate("DELETE FROM ecosystem_imports WHERE id = :id AND finished_at IS NULL").bind("id", id).execute());
        }
    }

    /**
     * The index of ecosystem {@code name} ({@value #HUB} or null for the live hub's), built on this node from SQL the
     * first time it is asked for after an import; NOT_FOUND for an unknown name.
     */
    public org.chorus.discovery.Ecosystem index(String name) {
        if (name == null || name.equals(HUB)) {
            return hub;
        }
        return find(requireName(name)).orElseThrow(() -> ChorusException.notFound("no ecosystem named '" + name + "'"));
    }

    /** The imported ecosystem named {@code name} (a valid name, not {@value #HUB}), built on first use; empty if there is none. */
    Optional<org.chorus.discovery.Ecosystem> find(String name) {
        List<Finished> imports = db.withHandle(h -> h.createQuery("SELECT id, kind, repos, finished_at FROM ecosystem_imports"
                        + " WHERE name = :name AND finished_at IS NOT NULL ORDER BY id").bind("name", name)
                .map((rs, ctx) -> new Finished(rs.getString("id"), RepoType.parse(rs.getString("kind")), rs.getLong("repos"), rs.getLong("finished_at")))
                .list());
        if (imports.isEmpty()) {
            return Optional.empty();
        }
        String key = String.join("-", imports.stream().map(Finished::id).toList());
        synchronized (built) {
            Built current = built.get(name);
            if (current != null && current.key().equals(key)) {
                return Optional.of(current);
            }
            Built fresh = build(name, key, imports);
            built.put(name, fresh);
            if (current != null) {
                retired.add(current); // a search may still hold it: closed with the node
            }
            return Optional.of(fresh);
        }
    }

    private Built build(String name, String key, List<Finished> imports) {
        long expected = imports.stream().mapToLong(Finished::repos).sum();
        SearchIndex index = SearchIndex.open(dir.resolve(name).resolve(key));
        try {
            Map<String, String> committed = index.committed();
            if (SearchIndex.CURRENT_FORMAT.equals(committed.get(SearchIndex.FORMAT))
                    && Long.toString(expected).equals(committed.get(SearchIndex.FLOOR)) && index.count() == expected) {
                return new Built(key, index);
            }
            long started = System.nanoTime();
            index.deleteAll();
            SearchIndex.BulkLoad bulk = index.bulkLoading();
            try {
                addAll(index, imports);
            } finally {
                bulk.close();
            }
            index.commit(expected, clock.millis());
            index.refresh();
            if (index.count() != expected) {
                throw new ChorusException(org.chorus.core.ErrorCode.UNAVAILABLE, "ecosystem '" + name + "' was re-imported while it was indexed; retry");
            }
            LOG.info("built the index of ecosystem {} in {}: {} repositories in {} ms", name, index.path(), expected,
                    (System.nanoTime() - started) / 1_000_000);
            return new Built(key, index);
        } catch (IOException | RuntimeException e) {
            try {
                index.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot build the index of ecosystem " + name, io) : (RuntimeException) e;
        }
    }

    /** Every imported row's document, read from SQL in row order (with the bulk-loading buffer: few, large segments). */
    private void addAll(SearchIndex index, List<Finished> imports) throws IOException {
        Ancestry.Collected models = new Ancestry.Collected();
        for (Finished f : imports) {
            for (long lo = 0; lo < f.repos(); lo += BATCH) {
                models.add(rows(f, lo));
            }
        }
        Map<String, List<Ancestry.Entry>> ancestry = models.ancestry();
        for (Finished f : imports) {
            for (long lo = 0; lo < f.repos(); lo += BATCH) {
                index.add(rows(f, lo), java.util.Map.of(), ancestry); // imported cards carry no text to embed
            }
        }
    }

    private List<IndexRow> rows(Finished f, long from) {
        return db.withHandle(h -> h.createQuery(REPO_COLUMNS + " WHERE e.import_id = :id AND e.row_no >= :lo AND e.row_no < :hi ORDER BY e.row_no")
                .bind("id", f.id()).bind("lo", from).bind("hi", from + BATCH)
                .map((rs, ctx) -> new IndexRow(RepoRows.repo(rs), "", true, null)).list());
    }

    private static void close(Built b) {
        try {
            b.index().close();
        } catch (IOException e) {
            LOG.warn("closing the index in {} failed", b.index().path(), e);
        }
    }

    @Override
    public void close() {
        synchronized (built) {
            built.values().forEach(Ecosystems::close);
            retired.forEach(Ecosystems::close);
            built.clear();
            retired.clear();
        }
    }
}
