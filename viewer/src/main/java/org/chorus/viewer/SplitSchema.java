package org.chorus.viewer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.viewer.DatasetViewer.Feature;

/** A split's columns with DuckDB's types, its row count, and whether it was read only in part. Cached per commit. */
record SplitSchema(List<Column> columns, long numRows, boolean partial) {

    record Column(String name, String duckType) {
        /** What the statistics and the search treat this column as. */
        Kind kind() {
            String t = duckType.toUpperCase(Locale.ROOT);
            if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) {
                return Kind.NESTED;
            }
            return switch (t.replaceAll("\\(.*", "")) {
                case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT" -> Kind.INT;
                case "FLOAT", "DOUBLE", "DECIMAL" -> Kind.FLOAT;
                case "BOOLEAN" -> Kind.BOOL;
                case "VARCHAR" -> Kind.STRING;
                case "BLOB" -> Kind.BINARY;
                default -> Kind.OTHER;
            };
        }

        String quoted() {
            return FilterSql.quote(name);
        }
    }

    enum Kind { INT, FLOAT, BOOL, STRING, BINARY, NESTED, OTHER }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    List<Feature> features() {
        List<Feature> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(new Feature(i, columns.get(i).name(), featureType(columns.get(i).duckType())));
        }
        return out;
    }

    /** The Hugging Face {@code datasets} feature type of a DuckDB type: a Value with its dtype, or a Sequence. */
    static Map<String, Object> featureType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        Map<String, Object> type = new LinkedHashMap<>();
        if (t.endsWith("[]")) {
            type.put("feature", featureType(duckType.substring(0, duckType.length() - 2)));
            type.put("_type", "Sequence");
            return type;
        }
        String dtype = switch (t.replaceAll("\\(.*", "")) {
            case "TINYINT" -> "int8";
            case "SMALLINT" -> "int16";
            case "INTEGER" -> "int32";
            case "BIGINT" -> "int64";
            case "UTINYINT" -> "uint8";
            case "USMALLINT" -> "uint16";
            case "UINTEGER" -> "uint32";
            case "UBIGINT" -> "uint64";
            case "FLOAT" -> "float32";
            case "DOUBLE", "DECIMAL" -> "float64";
            case "BOOLEAN" -> "bool";
            case "VARCHAR" -> "string";
            case "BLOB" -> "binary";
            case "DATE" -> "date32";
            case "TIMESTAMP", "TIMESTAMP_US" -> "timestamp[us]";
            case "TIMESTAMP_MS" -> "timestamp[ms]";
            case "TIMESTAMP_S" -> "timestamp[s]";
            case "TIMESTAMP_NS" -> "timestamp[ns]";
            case "TIMESTAMP WITH TIME ZONE" -> "timestamp[us, tz=UTC]";
            case "TIME" -> "time64[us]";
            default -> duckType.toLowerCase(Locale.ROOT);
        };
        type.put("dtype", dtype);
        type.put("_type", "Value");
        return type;
    }
}
