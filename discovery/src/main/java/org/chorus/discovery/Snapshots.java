package org.chorus.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.accounts.TokenInfo;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hub snapshots: {@code models.parquet} and {@code datasets.parquet} of the public repositories ({@link SnapshotExport})
 * committed, with a card naming the columns, into a dataset repository on the hub itself, so each snapshot is a
 * commit. An admin exports on demand into a repository they name; every node then checks hourly whether this ISO
 * week's export is due and, if it wins the week's lease in SQL ({@code snapshot_exports}), writes it into the
 * repository of the newest finished export. A lease not finished within {@value #LEASE_MILLIS} ms (a crashed node)
 * is taken over.
 */
public final class Snapshots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    static final long LEASE_MILLIS = 3_600_000L;
    /** The repository name of a first export that names none, under the exporting admin. */
    public static final String DEFAULT_REPO = "hub-stats";
    private static final long CHECK_MILLIS = 3_600_000L;
    /** The identity weekly exports are committed as; it exists only in memory, with site-admin rights. */
    static final Principal SYSTEM = new Principal(
            new Account("000000000000000000000001", "chorus-snapshots", Account.Kind.USER, "Chorus hub snapshots", null, true, Instant.EPOCH),
            new TokenInfo("snapshots", "000000000000000000000001", "snapshots", Role.WRITE, Instant.EPOCH, null, null));

    /** A snapshot committed: the repository, the commit, and how many rows each file holds. */
    public record Exported(String repo, String sha, long models, long datasets) {}

    private final Database db;
    private final Repos repos;
    private final FileCommits commits;
    private final Path scratch;
    private final Clock clock;
    private final String node;
    private final ScheduledExecutorService weekly;

    private Snapshots(Database db, Repos repos, FileCommits commits, Path scratch, Clock clock, String node, boolean schedule) {
        this.db = db;
        this.repos = repos;
        this.commits = commits;
        this.scratch = scratch;
        this.clock = clock;
        this.node = node.length() > 40 ? node.substring(0, 40) : node;
        this.weekly = schedule ? Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("hub-snapshots").unstarted(r)) : null;
        if (weekly != null) {
            weekly.scheduleWithFixedDelay(this::checkWeekly, 60_000, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Snapshots with the weekly job running on this node ({@code node} names it in the lease rows, with a random
     * suffix so that two processes under one name never share a lease); scratch files go under {@code scratch}.
     */
    public static Snapshots start(Database db, Repos repos, FileCommits commits, Path scratch, Clock clock, String node) {
        return new Snapshots(db, repos, commits, scratch, clock, (node == null ? "node" : node) + "-" + Ids.newId(clock).substring(16), true);
    }

    /** Without the weekly timer: tests call {@link #exportIfDue} themselves. */
    static Snapshots manual(Database db, Repos repos, FileCommits commits, Path scratch, Clock clock) {
        return new Snapshots(db, repos, commits, scratch, clock, Ids.newId(clock), false);
    }

    /**
     * Exports now into dataset repository {@code repo} (null: the previous export's, else {@code <actor>/hub-stats}),
     * created (public) if missing; the weekly job writes there from now on. The actor must be a site admin with a
     * write token.
     */
    public Exported export(Principal actor, RepoId repo) {
        actor.requireSiteAdmin();
        actor.requireWriteToken();
        if (repo == null) {
            repo = target().map(Snapshots::datasetRepo).orElse(RepoId.of(RepoType.DATASET, actor.user().name(), DEFAULT_REPO));
        }
        if (repo.type() != RepoType.DATASET) {
            throw ChorusException.invalid("snapshots are committed to a dataset repository, not a " + repo.type().wire());
        }
        String week = "manual:" + Ids.newId(clock);
        lease(week, repo);
        return exportLeased(actor, week, repo);
    }

    private void checkWeekly() {
        try {
            exportIfDue().ifPresent(e -> LOG.info("weekly hub snapshot committed to {} at {}: {} models, {} datasets", e.repo(), e.sha(), e.models(), e.datasets()));
        } catch (RuntimeException e) {
            LOG.warn("the weekly hub snapshot failed; another node or the next check retries it after the lease", e);
        }
    }

    /** This week's export, if no node has done it, this node won its lease, and an earlier export named the repository. */
    Optional<Exported> exportIfDue() {
        long now = clock.millis();
        String week = isoWeek(clock.instant());
        Optional<String> target = target();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        RepoId repo = datasetRepo(target.get());
        boolean won;
        try {
            lease(week, repo);
            won = true;
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            won = db.inTransaction(h -> h.createUpdate("UPDATE snapshot_exports SET node = :node, leased_until = :until"
                            + " WHERE week = :week AND finished_at IS NULL AND leased_until < :now")
                    .bind("node", node).bind("until", now + LEASE_MILLIS).bind("week", week).bind("now", now).execute()) == 1;
        }
        return won ? Optional.of(exportLeased(SYSTEM, week, repo)) : Optional.empty();
    }

    /** The repository of the newest finished export. */
    private Optional<String> target() {
        return db.withHandle(h -> h.createQuery("SELECT repo FROM snapshot_exports WHERE finished_at IS NOT NULL"
                + " ORDER BY finished_at DESC, week DESC LIMIT 1").mapTo(String.class).findOne());
    }

    static String isoWeek(Instant at) {
        LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return String.format(Locale.ROOT, "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static RepoId datasetRepo(String ownerSlashName) {
        int slash = ownerSlashName.indexOf('/');
        return RepoId.of(RepoType.DATASET, ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
    }

    /** Claims {@code week}'s export for this node; ALREADY_EXISTS if another node holds or finished it. */
    private void lease(String week, RepoId repo) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO snapshot_exports (week, repo, node, leased_until) VALUES (:week, :repo, :node, :until)")
                .bind("week", week).bind("repo", repo.fullName()).bind("node", node).bind("until", clock.millis() + LEASE_MILLIS).execute());
    }

    private Exported exportLeased(Principal actor, String week, RepoId repo) {
        Path dir;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "snapshot-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory under " + scratch, e);
        }
        try {
            SnapshotExport.Counts counts = SnapshotExport.write(db, dir);
            ensureRepo(actor, repo);
            String title = "Hub snapshot " + isoWeek(clock.instant()) + ": " + counts.models() + " models, " + counts.datasets() + " datasets";
            String sha = commits.commit(actor, repo, "main", title, "", List.of(
                    file(dir, SnapshotSchema.fileName(RepoType.MODEL)), file(dir, SnapshotSchema.fileName(RepoType.DATASET)),
                    FileCommits.File.of("README.md", card().getBytes(StandardCharsets.UTF_8))));
            db.useTransaction(h -> h.createUpdate("UPDATE snapshot_exports SET finished_at = :t, sha = :sha, repo = :repo WHERE week = :week AND node = :node")
                    .bind("t", clock.millis()).bind("sha", sha).bind("repo", repo.fullName()).bind("week", week).bind("node", node).execute());
            return new Exported(repo.fullName(), sha, counts.models(), counts.datasets());
        } finally {
            deleteTree(dir);
        }
    }

    private void ensureRepo(Principal actor, RepoId repo) {
        try {
            repos.requireWrite(Optional.of(actor), repo);
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.REPO_NOT_FOUND) {
                throw e;
            }
            repos.create(actor, repo, false);
        }
    }

    private static FileCommits.File file(Path dir, String name) {
        Path p = dir.resolve(name);
        return new FileCommits.File(name, () -> Files.newInputStream(p));
    }

    /** The dataset card: what the files are and their columns. */
    static String card() {
        StringBuilder md = new StringBuilder("---\nconfigs:\n- config_name: models\n  data_files: models.parquet\n"
                + "- config_name: datasets\n  data_files: datasets.parquet\ntags:\n- hub-snapshot\n---\n\n# Hub snapshot\n\n"
                + "The public models and datasets of this hub, written weekly (and on `chorus snapshot export`) in the columns of the"
                + " Hugging Face Hub's public hub-stats snapshots. Private repositories are never included.\n\n| column | type |\n|---|---|\n");
        SnapshotSchema.COLUMNS.forEach(c -> md.append("| `").append(c.name()).append("` | ").append(c.type().duckdb)
                .append(c.modelsOnly() ? " (models only)" : "").append(" |\n"));
        return md.toString();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove the scratch directory {}", dir, e);
        }
    }

    @Override
    public void close() {
        if (weekly != null) {
            weekly.shutdownNow();
        }
    }
}
