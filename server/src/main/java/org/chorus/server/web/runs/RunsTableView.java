package org.chorus.server.web.runs;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * An experiment's runs table: the view state, the filter's error with its position (null when it parsed), the chosen
 * columns, one page of rows, the group rows when grouping, and the column chooser's offers.
 */
public record RunsTableView(Shell shell, String experimentId, String experimentName, boolean experimentDeleted, RunsQuery query,
                            String hiddenState, String error, int errorPosition, List<Header> headers, List<Row> rows, String next,
                            String first, List<Choice> choices, Groups groups, List<String> groupOptions, List<String> metricOptions,
                            boolean signedIn) {

    /** A column header; {@code sortHref} toggles its order (null: not sortable), {@code sort} is "asc", "desc" or "". */
    public record Header(String id, String label, String entity, String sortHref, String sort) {}

    /** One run; {@code cells} line up with the headers. */
    public record Row(String id, String name, String href, String status, long startTime, String duration, String user,
                      List<Cell> cells, boolean deleted) {}

    /** A value as shown (numbers to 4 significant digits) and exactly (in {@code title}). */
    public record Cell(String text, String exact, boolean numeric) {}

    /** A key the column chooser offers, checked when it is shown. */
    public record Choice(String id, String entity, String key, boolean checked) {}

    /** Runs of this page grouped by a param or tag, with min/max/mean of one metric per group. */
    public record Groups(String by, String metric, List<Group> rows) {}

    public record Group(String value, int runs, String min, String max, String mean) {}

    /** The filter box's text with a caret line under the error position, for the message under the box. */
    public String caret() {
        return errorPosition < 0 ? "" : " ".repeat(Math.min(errorPosition, query.filter().length())) + "^";
    }
}
