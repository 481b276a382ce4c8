package org.chorus.arena;

import java.util.List;
import org.chorus.core.ChorusException;

/**
 * A table read record by record, the header first: CSV text ({@link Csv}) or a Parquet file's rows
 * ({@link ParquetTable}). Messages name the file ({@code what}: "submission", "solution") and where the record is
 * ({@link #where}: a CSV line, a Parquet row), so both formats get the same checks with the same messages.
 */
abstract sealed class Records permits Csv, ParquetTable.Rows {
    final String what;
    /** Where the record {@link #next} returned last is, in {@link #where}'s numbering. */
    int line;

    Records(String what) {
        this.what = what;
    }

    /** The next record's fields, or null at the end. */
    abstract List<String> next();

    /** The record numbered {@code at} as a message names it: "line 3" of a CSV, "row 2" of a Parquet file. */
    abstract String where(int at);

    /** The number of the record {@link #next} returned last. */
    final int line() {
        return line;
    }

    /** The field as a finite number, or INVALID_ARGUMENT naming the record, the column and the value. */
    final double number(String field, String column) {
        double v;
        try {
            v = Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw error(column, "'" + shorten(field) + "' is not a number");
        }
        if (Double.isNaN(v)) {
            throw error(column, "NaN is not allowed");
        }
        if (Double.isInfinite(v)) {
            throw error(column, shorten(field) + " is not finite");
        }
        return v;
    }

    final ChorusException error(String message) {
        return ChorusException.invalid(what + " " + where(line) + ": " + message);
    }

    final ChorusException error(String column, String message) {
        return ChorusException.invalid(what + " " + where(line) + ", column '" + column + "': " + message);
    }

    static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
