package org.chorus.server.web.explore;

import java.util.List;
import org.chorus.server.web.Shell;
import org.chorus.server.web.account.Heatmap;

/** What the explorer templates (explore/*.jte) show; numbers come raw and are formatted by the templates. */
public final class ExploreViews {
    private ExploreViews() {}

    /** A link in a switch (sorts, sizes) and whether it is the current choice. */
    public record Choice(String label, String href, boolean current) {}

    public record Index(Shell shell) {}

    public record OrgRow(int rank, String name, String href, long models, long datasets, long downloads, long likes) {}

    public record ModelVerse(Shell shell, EcosystemPicker picker, TreemapView treemap, List<Choice> sizes, List<Choice> sorts, List<OrgRow> rows, long total,
                             String previous, String next) {}

    public record TaskRow(String task, long models, long downloads, long likes, String href) {}

    /** An owner's page; {@code heatmap} null outside the live hub. */
    public record Organization(Shell shell, EcosystemPicker picker, String name, long models, long datasets, long downloads, long likes, List<TaskRow> tasks,
                               String modelsHref, String profileHref, Heatmap heatmap) {
        public String modelverseHref() {
            return new ExploreLinks(picker.hub() ? null : picker.current()).modelverse("models", "models", 0);
        }
    }

    /** A value's bar: its count and its width as a share of the column's largest, in percent. */
    public record Bar(String value, long count, int percent) {}

    public record Column(String id, String label, List<Bar> bars) {}

    public record TrainedOn(int rank, String dataset, long models, String modelsHref) {}

    public record DataVerse(Shell shell, EcosystemPicker picker, long total, List<Column> columns, List<TrainedOn> trainedOn, long datasetsNamed,
                            String previous, String next) {}

    /** One organisation's row of the weeks grid. */
    public record WeekRow(String name, String href, long total, int y, List<WeekCell> cells) {}

    public record WeekCell(int x, int level, String label) {}

    public record Activity(Shell shell, int width, int height, int labelWidth, int cell, String firstWeek, int weeks, List<WeekRow> rows) {}
}
