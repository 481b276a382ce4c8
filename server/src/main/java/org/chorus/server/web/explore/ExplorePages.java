package org.chorus.server.web.explore;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Explorers;
import org.chorus.discovery.Explorers.Measure;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.Page;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.account.Heatmap;

/**
 * The ecosystem explorers under {@code /explore}: ModelVerse (owners ranked, a treemap by organisation and task),
 * an owner's page (its tasks and commit calendar), DataVerse (datasets by column, the datasets models were trained
 * on) and commits per week across organisations. Each reads what its {@code /api/chorus/explore/…} call returns.
 */
public final class ExplorePages {
    static final int RANKING_PAGE = 50;
    static final int TREEMAP_ORGS = 30;
    static final int DATASET_VALUES = 12;
    static final int TRAINED_ON_PAGE = 25;
    static final int MAX_PAGE = Explorers.MAX_OFFSET / RANKING_PAGE;
    static final int WEEKS = 52;
    static final int ACTIVITY_ORGS = 30;
    private static final Map<String, String> COLUMN_LABELS = Map.of("task_categories", "Tasks", "modality", "Modalities",
            "size_categories", "Sizes", "license", "Licences");

    private final WebAuth auth;
    private final Explorers explorers;
    private final EcosystemChoice ecosystems;
    private final Activity activity;

    public ExplorePages(WebAuth auth, Explorers explorers, EcosystemChoice ecosystems, Activity activity) {
        this.auth = auth;
        this.explorers = explorers;
        this.ecosystems = ecosystems;
        this.activity = activity;
    }

    public void index(Context ctx) {
        Pages.render(ctx, "explore/index.jte", new ExploreViews.Index(auth.shell(ctx, "Explore")));
    }

    public void modelverse(Context ctx) {
        Optional<Principal> caller = auth.principal(ctx);
        String ecosystem = ctx.queryParam("ecosystem");
        ExploreLinks links = ExploreLinks.of(ecosystem);
        Measure sort = Measure.parse(ctx.queryParam("sort"));
        Measure size = Measure.parse(ctx.queryParam("size"));
        int page = HubRequests.intParam(ctx, "p", 0, 0, MAX_PAGE);
        List<Explorers.Profile> treemap = explorers.treemap(caller, ecosystem, size, TREEMAP_ORGS);
        Page<Explorers.Organization> ranking = explorers.organizations(caller, ecosystem, sort, page * RANKING_PAGE, RANKING_PAGE);
        List<ExploreViews.OrgRow> rows = new ArrayList<>();
        for (Explorers.Organization o : ranking.items()) {
            rows.add(new ExploreViews.OrgRow(page * RANKING_PAGE + rows.size() + 1, o.name(), links.organization(o.name()), o.models(),
                    o.datasets(), o.downloads(), o.likes()));
        }
        List<ExploreViews.Choice> sizes = Arrays.stream(Measure.values()).filter(m -> m != Measure.DATASETS)
                .map(m -> new ExploreViews.Choice(label(m), links.modelverse(sort.wire(), m.wire(), 0), m == size)).toList();
        List<ExploreViews.Choice> sorts = Arrays.stream(Measure.values())
                .map(m -> new ExploreViews.Choice(label(m), links.modelverse(m.wire(), size.wire(), 0), m == sort)).toList();
        Pages.render(ctx, "explore/modelverse.jte", new ExploreViews.ModelVerse(auth.shell(ctx, "ModelVerse"),
                EcosystemPicker.of(ecosystem, "/explore/modelverse", ecosystems),
                TreemapView.of(treemap, size, links::organization), sizes, sorts, rows, ranking.total(),
                page > 0 ? links.modelverse(sort.wire(), size.wire(), previousPage(page, rows.isEmpty(), ranking.total(), RANKING_PAGE)) : null,
                ranking.hasMore() && page < MAX_PAGE ? links.modelverse(sort.wire(), size.wire(), page + 1) : null));
    }

    /** The page before {@code page}; from past the end (no rows, some total), the last page that has rows. */
    static int previousPage(int page, boolean empty, long total, int pageSize) {
        return empty && total > 0 ? (int) Math.min(page - 1, (total - 1) / pageSize) : page - 1;
    }

    public void organization(Context ctx) {
        Optional<Principal> caller = auth.principal(ctx);
        String ecosystem = ctx.queryParam("ecosystem");
        boolean hub = EcosystemChoice.isHub(ecosystem);
        Explorers.Profile p = explorers.organization(caller, ecosystem, ctx.pathParam("name"), Measure.parse(ctx.queryParam("sort")));
        String name = p.totals().name();
        List<ExploreViews.TaskRow> tasks = p.tasks().stream().map(t -> new ExploreViews.TaskRow(t.task(), t.models(), t.downloads(), t.likes(),
                hub && !t.task().equals(Explorers.NO_TASK) ? ExploreLinks.modelsOf(name, t.task()) : null)).toList();
        Heatmap heatmap = hub ? Heatmap.of(activity.commitsPerDay(caller, name, Activity.MAX_DAYS)) : null;
        Pages.render(ctx, "explore/organization.jte", new ExploreViews.Organization(auth.shell(ctx, name),
                EcosystemPicker.of(ecosystem, ExploreLinks.of(null).organization(name), ecosystems), name, p.totals().models(),
                p.totals().datasets(), p.totals().downloads(), p.totals().likes(), tasks, hub ? ExploreLinks.modelsOf(name, null) : null,
                hub ? Links.owner(name) : null, heatmap));
    }

    public void dataverse(Context ctx) {
        Optional<Principal> caller = auth.principal(ctx);
        String ecosystem = ctx.queryParam("ecosystem");
        ExploreLinks links = ExploreLinks.of(ecosystem);
        int page = HubRequests.intParam(ctx, "p", 0, 0, Explorers.MAX_OFFSET / TRAINED_ON_PAGE);
        Explorers.Datasets datasets = explorers.datasets(caller, ecosystem, DATASET_VALUES);
        List<ExploreViews.Column> columns = new ArrayList<>();
        datasets.columns().forEach((id, values) -> {
            long max = values.stream().mapToLong(Explorers.ValueCount::count).max().orElse(1);
            columns.add(new ExploreViews.Column(id, COLUMN_LABELS.getOrDefault(id, id), values.stream()
                    .map(v -> new ExploreViews.Bar(v.value(), v.count(), (int) Math.max(1, v.count() * 100 / max))).toList()));
        });
        Page<Explorers.ValueCount> trained = explorers.trainedOn(caller, ecosystem, page * TRAINED_ON_PAGE, TRAINED_ON_PAGE);
        List<ExploreViews.TrainedOn> rows = new ArrayList<>();
        boolean hub = EcosystemChoice.isHub(ecosystem);
        for (Explorers.ValueCount v : trained.items()) {
            rows.add(new ExploreViews.TrainedOn(page * TRAINED_ON_PAGE + rows.size() + 1, v.value(), v.count(),
                    hub ? ExploreLinks.modelsTrainedOn(v.value()) : null));
        }
        Pages.render(ctx, "explore/dataverse.jte", new ExploreViews.DataVerse(auth.shell(ctx, "DataVerse"),
                EcosystemPicker.of(ecosystem, "/explore/dataverse", ecosystems), datasets.total(), columns, rows,
                trained.total(), page > 0 ? links.dataverse(previousPage(page, rows.isEmpty(), trained.total(), TRAINED_ON_PAGE)) : null,
                trained.hasMore() ? links.dataverse(page + 1) : null));
    }

    public void activity(Context ctx) {
        EcosystemChoice.requireHub(ctx.queryParam("ecosystem"), "commit activity");
        int weeks = HubRequests.intParam(ctx, "weeks", WEEKS, 1, Activity.MAX_WEEKS);
        Activity.OrgWeeks grid = activity.commitsPerWeekByOrganization(auth.principal(ctx), weeks, ACTIVITY_ORGS);
        ExploreLinks links = ExploreLinks.of(null);
        long max = grid.rows().stream().flatMap(r -> r.weeks().stream()).mapToLong(Long::longValue).max().orElse(0);
        int cell = 12;
        int labelWidth = 140;
        List<ExploreViews.WeekRow> rows = new ArrayList<>();
        for (Activity.OrgWeek r : grid.rows()) {
            List<ExploreViews.WeekCell> cells = new ArrayList<>();
            for (int w = 0; w < r.weeks().size(); w++) {
                long n = r.weeks().get(w);
                LocalDate monday = grid.firstWeek().plusWeeks(w);
                cells.add(new ExploreViews.WeekCell(labelWidth + w * cell, Heatmap.level(n, max),
                        r.organization() + ", week of " + monday + ": " + n + (n == 1 ? " commit" : " commits")));
            }
            rows.add(new ExploreViews.WeekRow(r.organization(), links.organization(r.organization()), r.total(), rows.size() * cell, cells));
        }
        Pages.render(ctx, "explore/activity.jte", new ExploreViews.Activity(auth.shell(ctx, "Activity across organisations"),
                labelWidth + weeks * cell, Math.max(cell, rows.size() * cell), labelWidth, cell, grid.firstWeek().toString(), weeks, rows));
    }

    private static String label(Measure m) {
        return switch (m) {
            case MODELS -> "Models";
            case DATASETS -> "Datasets";
            case DOWNLOADS -> "Downloads";
            case LIKES -> "Likes";
        };
    }
}
