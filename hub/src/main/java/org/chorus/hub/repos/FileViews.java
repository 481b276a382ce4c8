package org.chorus.hub.repos;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;

/**
 * What a file page shows beside the raw bytes, read through the same permission check and readers as the API
 * ({@link Repos#get}, {@link Repos#file}, {@link Repos#open}) and reading only a bounded part of the file:
 * a {@code .safetensors} file's header, and the first rows of a CSV, TSV or JSON Lines file.
 */
public interface FileViews {
    /** Largest safetensors header read; the format's own reader allows 100 MB, real headers are kilobytes to a few MB. */
    long MAX_SAFETENSORS_HEADER = 16L << 20;
    /** Bytes of a table file read for its preview. */
    int TABLE_PREFIX_BYTES = 1 << 20;
    int MAX_ROWS = 1000;

    static FileViews create(Repos repos) {
        return new RepoFileViews(repos);
    }

    /**
     * The tensors a {@code .safetensors} file holds, from its 8-byte header length and JSON header only. A header
     * that is too long, runs past the file, is not the format's JSON, or describes tensors outside the file or of a
     * size their shape and dtype contradict is INVALID_ARGUMENT.
     */
    SafetensorsSummary safetensors(Optional<Principal> caller, RepoId id, String revision, String path);

    /**
     * The first {@code rows} (1..{@value #MAX_ROWS}) rows of a {@code .csv}, {@code .tsv} or {@code .jsonl} file
     * from its first {@value #TABLE_PREFIX_BYTES} bytes; {@code truncated} when more of the file was not shown.
     */
    TablePreview table(Optional<Principal> caller, RepoId id, String revision, String path, int rows);

    /** Reads {@code length} bytes at {@code offset} of one file (the previews below read only what they need). */
    @FunctionalInterface
    interface Bytes {
        byte[] read(long offset, long length);
    }

    /** The safetensors summary of any stored file of {@code size} bytes, repository file or run artifact alike. */
    static SafetensorsSummary safetensorsOf(Bytes file, long size) {
        long length = SafetensorsHeader.length(file.read(0, 8), size, MAX_SAFETENSORS_HEADER);
        return SafetensorsHeader.parse(file.read(8, length), size);
    }

    /** Whether {@link #tableOf} previews a file of this name (CSV, TSV, JSON Lines). */
    static boolean isTable(String path) {
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
    }

    /** The first {@code rows} rows of any stored CSV, TSV or JSON Lines file of {@code size} bytes, from its first {@value #TABLE_PREFIX_BYTES} bytes. */
    static TablePreview tableOf(String path, Bytes file, long size, int rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw org.chorus.core.ChorusException.invalid("rows must be between 1 and " + MAX_ROWS);
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        long length = Math.min(size, TABLE_PREFIX_BYTES);
        boolean whole = length == size;
        if (lower.endsWith(".csv")) {
            return TablePrefix.delimited("csv", file.read(0, length), whole, ',', rows);
        }
        if (lower.endsWith(".tsv")) {
            return TablePrefix.delimited("tsv", file.read(0, length), whole, '\t', rows);
        }
        if (isTable(path)) {
            return TablePrefix.jsonLines(file.read(0, length), whole, rows);
        }
        throw org.chorus.core.ChorusException.invalid("'" + path + "' is not a .csv, .tsv or .jsonl file");
    }

    record Tensor(String name, String dtype, List<Long> shape, long parameters) {}

    /** Tensors in the header's order; {@code parametersByDtype} sums them per dtype. */
    record SafetensorsSummary(long headerBytes, long parameters, Map<String, Long> parametersByDtype, List<Tensor> tensors,
                              Map<String, String> metadata) {}

    /** Cells as text (JSON values other than strings as their JSON), each at most 1,000 characters. */
    record TablePreview(String format, List<String> columns, List<List<String>> rows, boolean truncated) {}
}
