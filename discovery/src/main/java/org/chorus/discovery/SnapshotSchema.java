package org.chorus.discovery;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.chorus.hub.repos.RepoType;

/**
 * The columns of a hub snapshot's {@code models.parquet} and {@code datasets.parquet}, named and typed as the public
 * hub-stats snapshots of the Hugging Face Hub. Exports write them all; imports need {@code id} and read the others
 * that are present (a column of an unexpected type is refused), ignoring columns not listed here.
 */
final class SnapshotSchema {
    /** How a column is stored in the Parquet file and read back on import. */
    enum Type {
        TEXT("VARCHAR"),
        NUMBER("BIGINT"),
        TIME("TIMESTAMP WITH TIME ZONE"),
        FLAG("BOOLEAN"),
        TAGS("VARCHAR[]"),
        /** Written as JSON text; on import any type is read through {@code to_json} (hub-stats has both forms). */
        JSON("VARCHAR"),
        BASE_MODELS("STRUCT(relation VARCHAR, models STRUCT(id VARCHAR)[])"),
        SAFETENSORS("STRUCT(parameters MAP(VARCHAR, BIGINT), total BIGINT)");

        final String duckdb;

        Type(String duckdb) {
            this.duckdb = duckdb;
        }
    }

    record Column(String name, Type type, boolean modelsOnly) {}

    static final List<Column> COLUMNS = List.of(
            new Column("id", Type.TEXT, false),
            new Column("author", Type.TEXT, false),
            new Column("sha", Type.TEXT, false),
            new Column("createdAt", Type.TIME, false),
            new Column("lastModified", Type.TIME, false),
            new Column("private", Type.FLAG, false),
            new Column("downloads", Type.NUMBER, false),
            new Column("downloadsAllTime", Type.NUMBER, false),
            new Column("likes", Type.NUMBER, false),
            new Column("trendingScore", Type.NUMBER, false),
            new Column("pipeline_tag", Type.TEXT, true),
            new Column("library_name", Type.TEXT, true),
            new Column("tags", Type.TAGS, false),
            new Column("cardData", Type.JSON, false),
            new Column("baseModels", Type.BASE_MODELS, true),
            new Column("safetensors", Type.SAFETENSORS, true));

    private SnapshotSchema() {}

    static List<Column> of(RepoType kind) {
        return COLUMNS.stream().filter(c -> kind == RepoType.MODEL || !c.modelsOnly()).toList();
    }

    /** The file a kind's rows are exported to. */
    static String fileName(RepoType kind) {
        return kind.wire() + "s.parquet";
    }

    /** A column list for DuckDB's {@code read_json(columns = …)}: times travel as epoch milliseconds. */
    static String jsonColumns(RepoType kind) {
        return of(kind).stream().map(c -> "'" + c.name() + "': '" + (c.type() == Type.TIME ? "BIGINT" : c.type().duckdb) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** The select list turning those JSON rows into the Parquet columns. */
    static String parquetSelect(RepoType kind) {
        return of(kind).stream().map(c -> c.type() == Type.TIME
                        ? "CAST(epoch_ms(\"" + c.name() + "\") AS TIMESTAMP WITH TIME ZONE) AS \"" + c.name() + "\""
                        : "\"" + c.name() + "\"")
                .collect(Collectors.joining(", "));
    }

    /** Whether a column DuckDB describes as {@code duckdbType} can be read as {@code type}; null if it fits. */
    static String mismatch(Column c, String duckdbType) {
        String t = duckdbType.toUpperCase(Locale.ROOT);
        boolean fits = switch (c.type()) {
            case TEXT -> t.equals("VARCHAR");
            case NUMBER -> t.matches("(U?(TINYINT|SMALLINT|INTEGER|BIGINT)|HUGEINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\\(\\d+,\\s*\\d+\\))");
            case TIME -> t.startsWith("TIMESTAMP") || t.equals("DATE") || t.equals("VARCHAR");
            case FLAG -> t.equals("BOOLEAN");
            case TAGS -> t.equals("VARCHAR[]");
            case JSON, BASE_MODELS, SAFETENSORS -> true;
        };
        return fits ? null : "column " + c.name() + " is " + duckdbType + ", expected " + c.type().duckdb;
    }
}
