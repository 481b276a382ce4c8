package org.chorus.viewer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
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

    /** The longest header line read by {@link #headerColumns}; a longer one counts the columns it reached. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /**
     * The columns a CSV or TSV file's header line names (its delimiters outside quotes, plus one), read by hand: DuckDB's
     * sniffer took 4 s on a 10,000-column header, so the viewer's column limit is checked before DuckDB sees the file.
     * Empty for the other formats.
     */
    OptionalInt headerColumns(Path file) throws IOException {
        if (this != CSV && this != TSV) {
            return OptionalInt.empty();
        }
        byte delim = (byte) (this == CSV ? ',' : '\t');
        int columns = 1;
        boolean quoted = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (int i = 0, b = in.read(); b >= 0 && i < MAX_HEADER_BYTES; i++, b = in.read()) {
                if (b == '"') {
                    quoted = !quoted;
                } else if (!quoted && b == '\n') {
                    break;
                } else if (!quoted && b == delim) {
                    columns++;
                }
            }
        }
        return OptionalInt.of(columns);
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
