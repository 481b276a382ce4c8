package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * The dataset viewer page (hub/viewer.jte, its table hub/viewerTable.jte alone for htmx paging): the splits, each
 * column with its type and a histogram, a page of rows, and the search and filter forms with the refusal of a bad
 * filter beside them ({@code error}).
 */
public record ViewerView(Shell shell, RepoHeader header, List<SplitLink> splits, Table table) {

    public record SplitLink(String label, String href, boolean current) {}

    /** {@code chart} is null for columns without statistics (nested values, dates, binaries). */
    public record Column(String name, String dtype, String summary, ColumnChart chart) {}

    /** A row: its index in the split and its cells as text ({@code isNull} cells shown as such). */
    public record Row(long index, List<Cell> cells) {}

    public record Cell(String text, boolean isNull, boolean truncated) {}

    /**
     * What htmx swaps: the columns, a page of rows from {@code offset}, the paging links (null at either end), the
     * forms' values and where they post, and {@code error} when the filter was refused. {@code apiHref}: the same rows
     * from {@code /api/datasets-server/…}.
     */
    public record Table(String split, String formAction, String query, String where, String orderby, String error,
                        List<Column> columns, List<Row> rows, long total, long first, long last, String prevHref,
                        String nextHref, boolean partial, String apiHref) {}
}
