package org.chorus.viewer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.viewer.LocalCopies.LocalFile;
import org.chorus.viewer.RepoFiles.StoredFile;
import org.chorus.viewer.SplitSchema.Column;
import org.chorus.viewer.Splits.Split;

/** {@link DatasetViewer} over DuckDB: results per commit from {@link ResultCache}, pages and filters computed live. */
final class DuckViewer implements DatasetViewer {
    /** Longest {@code query} of {@code /search}. */
    static final int MAX_QUERY_CHARS = 500;
    private static final String ROW_INDEX = "\"__chorus_row_idx\"";

    private final ResultCache cache;
    private final RepoFiles files;
    private final LocalCopies copies;
    private final DuckRunner duck;
    private final long maxTextBytes;

    DuckViewer(ResultCache cache, RepoFiles files, ViewerLimits limits) {
        this.cache = cache;
        this.files = files;
        this.copies = new LocalCopies(limits.localDir(), files, limits.maxTextBytes(), limits.maxCopyBytes());
        this.duck = new DuckRunner(limits);
        this.maxTextBytes = limits.maxTextBytes();
    }

    /** Where DuckDB work runs: a request's on the worker pool under the request limit, a push's on its job's thread. */
    private interface Runner {
        <T> T run(String what, DuckRunner.Work<T> work);
    }

    private final Runner requests = new Runner() {
        @Override
        public <T> T run(String what, DuckRunner.Work<T> work) {
            return duck.run(what, work);
        }
    };

    /** A split ready to query: its table function over the local copies, and its cached schema. */
    private record Table(Repo repo, String commit, Split split, Source source, SplitSchema schema) {
        String what() {
            return repo.fullName() + " " + split.config() + "/" + split.name();
        }
    }

    @Override
    public Validity isValid(Repo repo) {
        List<Split> splits = splitsOf(repo);
        if (splits.isEmpty()) {
            return new Validity(false, false, false, false, false);
        }
        boolean search = false;
        for (Split s : splits) {
            search |= table(repo, s, requests).schema().columns().stream().anyMatch(c -> c.kind() == SplitSchema.Kind.STRING);
        }
        return new Validity(true, true, search, true, true);
    }

    @Override
    public SplitList splits(Repo repo) {
        return new SplitList(splitsOf(repo).stream().map(s -> name(repo, s)).toList(), List.of(), List.of());
    }

    @Override
    public FirstRows firstRows(Repo repo, String config, String split) {
        return firstRows(table(repo, config, split), requests);
    }

    private FirstRows firstRows(Table t, Runner runner) {
        Repo repo = t.repo();
        String config = t.split().config();
        String split = t.split().name();
        return cache.get(repo, t.commit(), "first-rows", config, split, FirstRows.class, () -> {
            List<Object[]> raw = runner.run(t.what(), d -> d.query("SELECT " + RowReader.projection(t.schema()) + " FROM " + t.source().sql()
                    + " LIMIT " + MAX_PAGE, List.of()));
            RowReader.Fitted fitted = RowReader.fit(RowReader.rows(t.schema(), raw, 0, false));
            return new FirstRows(repo.fullName(), config, split, t.schema().features(), fitted.rows(), fitted.truncated());
        });
    }

    @Override
    public RowsPage rows(Repo repo, String config, String split, long offset, int length) {
        requirePage(offset, length);
        Table t = table(repo, config, split);
        List<Object[]> raw = duck.run(t.what(), d -> d.query("SELECT " + RowReader.projection(t.schema()) + " FROM " + t.source().sql()
                + " LIMIT ? OFFSET ?", List.of(length, offset)));
        return new RowsPage(t.schema().features(), RowReader.rows(t.schema(), raw, offset, false), t.schema().numRows(), MAX_PAGE, t.schema().partial());
    }

    @Override
    public RowsPage search(Repo repo, String config, String split, String query, long offset, int length) {
        requirePage(offset, length);
        if (query == null || query.isBlank()) {
            throw ChorusException.invalid("query is required");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw ChorusException.invalid("query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        Table t = table(repo, config, split);
        List<Column> strings = t.schema().columns().stream().filter(c -> c.kind() == SplitSchema.Kind.STRING).toList();
        if (strings.isEmpty()) {
            throw ChorusException.invalid("split " + config + "/" + split + " has no string column to search");
        }
        String pattern = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        List<String> ors = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (Column c : strings) {
            ors.add(c.quoted() + " ILIKE ? ESCAPE '\\'");
            params.add(pattern);
        }
        return matching(t, new FilterSql.Sql(String.join(" OR ", ors), params), FilterSql.Sql.NONE, offset, length);
    }

    @Override
    public RowsPage filter(Repo repo, String config, String split, String where, String orderby, long offset, int length) {
        requirePage(offset, length);
        if ((where == null || where.isBlank()) && (orderby == null || orderby.isBlank())) {
            throw ChorusException.invalid("where or orderby is required");
        }
        Table t = table(repo, config, split);
        return matching(t, FilterSql.where(t.schema().names(), where), FilterSql.orderBy(t.schema().names(), orderby), offset, length);
    }

    /** A page of the rows that {@code where} keeps, in {@code orderBy} then file order, with their original indexes. */
    private RowsPage matching(Table t, FilterSql.Sql where, FilterSql.Sql orderBy, long offset, int length) {
        String indexed = "(SELECT row_number() OVER () - 1 AS " + ROW_INDEX + ", * FROM " + t.source().sql() + ")";
        String condition = where.isEmpty() ? "" : " WHERE " + where.text();
        String order = " ORDER BY " + (orderBy.isEmpty() ? "" : orderBy.text() + ", ") + ROW_INDEX;
        List<Object> pageParams = new ArrayList<>(where.params());
        pageParams.add(length);
        pageParams.add(offset);
        record Answer(List<Object[]> raw, long total) {}
        Answer a = duck.run(t.what(), d -> new Answer(
                d.query("SELECT " + ROW_INDEX + ", " + RowReader.projection(t.schema()) + " FROM " + indexed + condition + order + " LIMIT ? OFFSET ?", pageParams),
                ((Number) d.one("SELECT count(*) FROM " + t.source().sql() + condition, where.params())[0]).longValue()));
        return new RowsPage(t.schema().features(), RowReader.rows(t.schema(), a.raw(), 0, true), a.total(), MAX_PAGE, t.schema().partial());
    }

    @Override
    public Statistics statistics(Repo repo, String config, String split) {
        return statistics(table(repo, config, split), requests);
    }

    private Statistics statistics(Table t, Runner runner) {
        return cache.get(t.repo(), t.commit(), "statistics", t.split().config(), t.split().name(), Statistics.class, () -> new Statistics(
                t.schema().numRows(), runner.run(t.what(), d -> ColumnStats.compute(d, t.source().sql(), t.schema())), t.schema().partial()));
    }

    @Override
    public int prepare(Repo repo, Duration limit, Runnable afterEachSplit) {
        Runner background = new Runner() {
            @Override
            public <T> T run(String what, DuckRunner.Work<T> work) {
                return duck.runHere(what, limit, work);
            }
        };
        List<Split> splits = splitsOf(repo);
        for (Split s : splits) {
            Table t = table(repo, s, background);
            firstRows(t, background);
            statistics(t, background);
            afterEachSplit.run();
        }
        return splits.size();
    }

    @Override
    public ParquetFiles parquet(Repo repo, Function<String, String> urlOf) {
        List<ParquetFile> out = new ArrayList<>();
        List<SplitName> failed = new ArrayList<>();
        for (Split s : splitsOf(repo)) {
            if (s.format() != DataFormat.PARQUET) {
                failed.add(name(repo, s));
                continue;
            }
            for (StoredFile f : s.files()) {
                out.add(new ParquetFile(repo.fullName(), s.config(), s.name(), urlOf.apply(f.path()),
                        f.path().substring(f.path().lastIndexOf('/') + 1), f.size()));
            }
        }
        return new ParquetFiles(out, List.of(), failed, false);
    }

    private static SplitName name(Repo repo, Split s) {
        return new SplitName(repo.fullName(), s.config(), s.name());
    }

    private static void requirePage(long offset, int length) {
        if (offset < 0) {
            throw ChorusException.invalid("offset must be 0 or more");
        }
        if (length < 1 || length > MAX_PAGE) {
            throw ChorusException.invalid("length must be between 1 and " + MAX_PAGE);
        }
    }

    /** The data files on main, as splits; a model, or a dataset without a commit, has none. */
    private List<Split> splitsOf(Repo repo) {
        if (repo.type() != RepoType.DATASET) {
            throw ChorusException.invalid(repo.fullName() + " is not a dataset");
        }
        return repo.sha() == null ? List.of() : Splits.of(files.list(repo, repo.sha()));
    }

    private Table table(Repo repo, String config, String split) {
        return table(repo, Splits.find(splitsOf(repo), config, split), requests);
    }

    private Table table(Repo repo, Split split, Runner runner) {
        String commit = repo.sha();
        Source source = new Source(repo, commit, split);
        String what = repo.fullName() + " " + split.config() + "/" + split.name();
        boolean partial = split.format().isText() && split.files().stream().anyMatch(f -> f.size() > maxTextBytes);
        SplitSchema schema = cache.get(repo, commit, "schema", split.config(), split.name(), SplitSchema.class, () -> runner.run(what, d -> {
            List<Column> columns = d.query("DESCRIBE SELECT * FROM " + source.sql(), List.of()).stream()
                    .map(r -> new Column((String) r[0], (String) r[1])).toList();
            requireNarrow(split, columns.size()); // before the count: a wide split's work stops at its header
            long rows = ((Number) d.one("SELECT count(*) FROM " + source.sql(), List.of())[0]).longValue();
            return new SplitSchema(columns, rows, partial);
        }));
        requireNarrow(split, schema.columns().size()); // a schema cached before the limit
        if (schema.columns().isEmpty()) {
            throw new ChorusException(ErrorCode.INVALID_ARGUMENT, "split " + split.name() + " has no columns");
        }
        return new Table(repo, commit, split, source, schema);
    }

    /**
     * Every page, statistic and first-rows answer costs memory and time per column (statistics: seven aggregates a
     * column; rows: a projection and a JSON object per row), so a split wider than this is a 400 from its schema on.
     * 10,000 columns ran DuckDB out of its 1 GB; 1,000 columns of 3 rows took over 30 s (the statistics' first pass
     * alone 6 s: DuckDB's cost grows faster than the column count); 500 answer within a few seconds.
     */
    static final int MAX_COLUMNS = 200;

    private static void requireNarrow(Split split, int columns) {
        if (columns > MAX_COLUMNS) {
            throw ChorusException.invalid("split " + split.config() + "/" + split.name() + " has " + columns
                    + " columns; the dataset viewer shows splits of at most " + MAX_COLUMNS);
        }
    }

    private static void requireNarrowHeader(Split split, java.nio.file.Path local) {
        try {
            split.format().headerColumns(local).ifPresent(n -> requireNarrow(split, n));
        } catch (java.io.IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot read the local copy of split " + split.name(), e);
        }
    }

    /**
     * A split's table function over the node-local copies of its files, copied on first use: an answer from the SQL
     * cache needs no file bytes on this node.
     */
    private final class Source {
        private final Repo repo;
        private final String commit;
        private final Split split;
        private String sql;

        Source(Repo repo, String commit, Split split) {
            this.repo = repo;
            this.commit = commit;
            this.split = split;
        }

        synchronized String sql() {
            if (sql == null) {
                List<String> paths = new ArrayList<>();
                for (StoredFile f : split.files()) {
                    LocalFile local = copies.copy(repo, commit, f, split.format());
                    requireNarrowHeader(split, local.path());
                    paths.add("'" + local.path().toAbsolutePath().normalize().toString().replace("'", "''") + "'");
                }
                sql = split.format().reader("[" + String.join(", ", paths) + "]");
            }
            return sql;
        }
    }

    @Override
    public void close() {
        duck.close();
    }
}
