package org.chorus.server.web.runs;

import java.util.List;
import org.chorus.server.web.Shell;
import org.chorus.server.web.registry.Registrations;

/**
 * A run's page: its attributes, the source and git tags, params, latest metrics, other tags, the note (as sanitized
 * HTML and as text for the editor), a chart per metric (drawn by {@code charts.js} from {@code seriesHref}), and the
 * artifact root's entries, and the registry versions registered from the run ("Registered as {model} v{n}"). {@code live} while the run is RUNNING: the page then polls {@code liveHref}.
 */
public record RunView(Shell shell, String experimentId, String experimentName, String runId, String name, String status, long startTime,
                      Long endTime, String duration, String user, List<KeyValue> source, List<KeyValue> params, List<MetricRow> metrics,
                      List<KeyValue> tags, String noteHtml, String noteText, String noteAction, boolean canEdit, List<Chart> charts,
                      int hiddenCharts, String liveHref, boolean live, ArtifactsView.Listing artifacts,
                      List<Registrations.FromRun> registered) {

    public record KeyValue(String key, String value) {}

    public record MetricRow(String key, String value, String exact, long step) {}

    /** One chart: the metric's key and where its (reduced) series is read from. */
    public record Chart(String key, String seriesHref, String domId) {}
}
