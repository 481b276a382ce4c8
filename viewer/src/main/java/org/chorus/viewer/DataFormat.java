package org.chorus.viewer;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The file formats the viewer reads, each with the DuckDB table function that reads a list of local files. */
enum DataFormat {
    PARQUET(List.of(".parquet")),
    CSV(List.of(".csv")),
    TSV(List.of(".tsv")),
    JSONL(List.of(".jsonl", ".ndjson"));

    private final List<String> extensions;

    DataFormat(List<String> extensions) {
        this.extensions = extensions;
    }

    static Optional<DataFormat> of(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (DataFormat f : values()) {
            if (f.extensions.stream().anyMatch(lower::endsWith)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Text formats can be cut at a line end and still be read: a file over the limit is read in part. */
    boolean isText() {
        return this != PARQUET;
    }

    /** The table function over {@code files}, a SQL list literal of our own local paths. */
    String reader(String files) {
        return switch (this) {
            case PARQUET -> "read_parquet(" + files + ", union_by_name = true)";
            case CSV -> "read_csv(" + files + ", header = true, delim = ',', union_by_name = true, sample_size = 20480)";
            case TSV -> "read_csv(" + files + ", header = true, delim = '\t', union_by_name = true, sample_size = 20480)";
            case JSONL -> "read_json(" + files + ", format = 'newline_delimited', union_by_name = true)";
        };
    }
}
