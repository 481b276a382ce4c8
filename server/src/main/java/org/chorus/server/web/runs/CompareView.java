package org.chorus.server.web.runs;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * The compare page of 2–100 runs: the runs with their colour (the same in every chart, axis and table), a chart per
 * metric (drawn by {@code compare.js} from one answer per metric carrying every run's series), the keys the parallel
 * coordinates, scatter and box plot may use, the URL's choices for them, and the table of params, metrics and tags.
 * {@code runsJson} is what the script draws from: each run's id, name, colour, params and latest metrics.
 */
public record CompareView(Shell shell, String experimentId, String experimentName, List<RunColumn> runs, List<RunView.Chart> charts,
                          int hiddenCharts, List<String> params, List<String> metrics, State state, List<Row> rows, String runsJson,
                          String action) {

    public record RunColumn(String id, String name, String href, String color) {}

    /** One table row: a param, metric or tag key and each run's value ("" when the run has none); {@code same} when all agree. */
    public record Row(String section, String key, List<String> values, boolean same) {}

    /** The view state kept in the URL: parallel coordinates' axes and metric, scatter's x and y, box plot's metric and group. */
    public record State(List<String> axes, String axisMetric, String scatterX, String scatterY, String boxMetric, String boxGroup,
                        boolean differencesOnly) {
        public boolean axis(String param) {
            return axes.contains(param);
        }
    }
}
