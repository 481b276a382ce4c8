package org.chorus.viewer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.Repos;

/**
 * The dataset viewer: Parquet, CSV, TSV and JSON Lines files of a dataset repository's {@code main} read with DuckDB,
 * in the shapes of the Hugging Face dataset viewer API ({@code /is-valid}, {@code /splits}, {@code /first-rows},
 * {@code /rows}, {@code /search}, {@code /filter}, {@code /statistics}, {@code /parquet}). Callers pass a repository
 * they already loaded with the caller's read check ({@link Repos#get}), as {@code /resolve} does. Results that depend
 * only on the commit (splits, schema, first rows, statistics) are cached in SQL per commit; file bytes are copied to a
 * node-local directory keyed by content hash, a cache any node may delete. Work runs on a bounded pool of DuckDB
 * connections with a memory limit, a thread limit, a time limit and no file access outside that directory.
 */
public interface DatasetViewer extends AutoCloseable {

    static DatasetViewer open(Database db, Repos repos, ViewerLimits limits, Clock clock) {
        return new DuckViewer(new ResultCache(db, clock), RepoFiles.of(repos), limits);
    }

    /** For tests and benches: files from any source. */
    static DatasetViewer open(Database db, RepoFiles files, ViewerLimits limits, Clock clock) {
        return new DuckViewer(new ResultCache(db, clock), files, limits);
    }

    Validity isValid(Repo repo);

    SplitList splits(Repo repo);

    FirstRows firstRows(Repo repo, String config, String split);

    /** {@code length} is 1 to {@link #MAX_PAGE}. */
    RowsPage rows(Repo repo, String config, String split, long offset, int length);

    /** Rows whose string columns contain {@code query} (case-insensitive). */
    RowsPage search(Repo repo, String config, String split, String query, long offset, int length);

    /** Rows matching {@code where} and sorted by {@code orderby}, both in {@link FilterSql}'s safe subset. */
    RowsPage filter(Repo repo, String config, String split, String where, String orderby, long offset, int length);

    Statistics statistics(Repo repo, String config, String split);

    /**
     * Computes and caches what depends only on the commit — every split's schema, first rows and statistics — for the
     * repository's current commit, on the calling thread with {@code limit} per statement (background work: a push's
     * job, not a request); {@code afterEachSplit} runs between splits (a job's heartbeat). Returns the number of splits.
     */
    int prepare(Repo repo, Duration limit, Runnable afterEachSplit);

    /** The Parquet files of each split; {@code urlOf} turns a repository path into its download URL. */
    ParquetFiles parquet(Repo repo, java.util.function.Function<String, String> urlOf);

    @Override
    void close();

    int MAX_PAGE = 100;
    String DEFAULT_CONFIG = "default";

    record Validity(boolean preview, boolean viewer, boolean search, boolean filter, boolean statistics) {}

    record SplitName(String dataset, String config, String split) {}

    record SplitList(List<SplitName> splits, List<SplitName> pending, List<SplitName> failed) {}

    /** A column: {@code type} is the Hugging Face feature type, e.g. {@code {"dtype":"int64","_type":"Value"}}. */
    record Feature(@JsonProperty("feature_idx") int featureIdx, String name, Map<String, Object> type) {}

    record Row(@JsonProperty("row_idx") long rowIdx, Map<String, Object> row, @JsonProperty("truncated_cells") List<String> truncatedCells) {}

    record FirstRows(String dataset, String config, String split, List<Feature> features, List<Row> rows, boolean truncated) {}

    /** {@code partial}: the split was read only in part (a text file over {@link ViewerLimits#maxTextBytes}). */
    record RowsPage(List<Feature> features, List<Row> rows, @JsonProperty("num_rows_total") long numRowsTotal,
                    @JsonProperty("num_rows_per_page") int numRowsPerPage, boolean partial) {}

    /** {@code columnType}: int, float, bool, string_label, string_text. */
    record ColumnStatistics(@JsonProperty("column_name") String columnName, @JsonProperty("column_type") String columnType,
                            @JsonProperty("column_statistics") Map<String, Object> columnStatistics) {}

    record Statistics(@JsonProperty("num_examples") long numExamples, List<ColumnStatistics> statistics, boolean partial) {}

    record ParquetFile(String dataset, String config, String split, String url, String filename, long size) {}

    record ParquetFiles(@JsonProperty("parquet_files") List<ParquetFile> parquetFiles, List<SplitName> pending,
                        List<SplitName> failed, boolean partial) {}
}
