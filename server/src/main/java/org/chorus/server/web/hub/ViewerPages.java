package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.viewer.DatasetViewer;
import org.chorus.viewer.DatasetViewer.ColumnStatistics;
import org.chorus.viewer.DatasetViewer.RowsPage;
import org.chorus.viewer.DatasetViewer.SplitName;

/**
 * The dataset viewer tab ({@code /datasets/{o}/{r}/viewer/{config}/{split}}): the same {@link DatasetViewer} calls as
 * {@code /api/datasets-server/…}, rendered. {@code q} searches, {@code where}/{@code orderby} filter (a refusal is shown
 * beside the form with the API's 400), {@code offset} pages; an htmx request gets the table alone.
 */
public final class ViewerPages {
    static final int ROWS = 25;
    private static final int CELL_CHARS = 300;

    private final WebAuth auth;
    private final RepoPages repoPages;
    private final DatasetViewer viewer;

    public ViewerPages(WebAuth auth, RepoPages repoPages, DatasetViewer viewer) {
        this.auth = auth;
        this.repoPages = repoPages;
        this.viewer = viewer;
    }

    /** {@code …/viewer}: the first split, or a page saying there is no data file. */
    public void first(Context ctx) {
        Repo repo = repoPages.load(ctx, RepoType.DATASET);
        List<SplitName> splits = viewer.splits(repo).splits();
        if (!splits.isEmpty()) {
            ctx.redirect(Links.viewer(repo.repoId(), splits.getFirst().config(), splits.getFirst().split(), 0, null, null, null), HttpStatus.FOUND);
            return;
        }
        Pages.render(ctx, "hub/viewer.jte", new ViewerView(auth.shell(ctx, "Viewer · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.VIEWER, repoPages.mayWrite(ctx, repo)), List.of(), null));
    }

    public void split(Context ctx) {
        Repo repo = repoPages.load(ctx, RepoType.DATASET);
        RepoId id = repo.repoId();
        String config = ctx.pathParam("config");
        String split = ctx.pathParam("split");
        List<SplitName> splits = viewer.splits(repo).splits();
        if (splits.stream().noneMatch(s -> s.config().equals(config) && s.split().equals(split))) {
            throw new ChorusException(ErrorCode.NOT_FOUND, "no such split");
        }
        String query = param(ctx, "q");
        String where = param(ctx, "where");
        String orderby = param(ctx, "orderby");
        long offset = FilePages.intParam(ctx, "offset");
        String error = null;
        RowsPage page;
        try {
            page = query != null ? viewer.search(repo, config, split, query, offset, ROWS)
                    : where != null || orderby != null ? viewer.filter(repo, config, split, where, orderby, offset, ROWS)
                    : viewer.rows(repo, config, split, offset, ROWS);
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.INVALID_ARGUMENT || query == null && where == null && orderby == null) {
                throw e;
            }
            error = e.getMessage();
            page = viewer.rows(repo, config, split, 0, ROWS);
            offset = 0;
        }
        Map<String, ColumnStatistics> stats = new HashMap<>();
        viewer.statistics(repo, config, split).statistics().forEach(s -> stats.put(s.columnName(), s));
        List<ViewerView.Column> columns = page.features().stream().map(f -> column(f, stats.get(f.name()))).toList();
        List<ViewerView.Row> rows = new ArrayList<>();
        for (DatasetViewer.Row r : page.rows()) {
            List<ViewerView.Cell> cells = new ArrayList<>();
            for (DatasetViewer.Feature f : page.features()) {
                Object v = r.row().get(f.name());
                String text = v == null ? "null" : v.toString();
                boolean cut = r.truncatedCells().contains(f.name()) || text.length() > CELL_CHARS;
                cells.add(new ViewerView.Cell(text.length() > CELL_CHARS ? text.substring(0, CELL_CHARS) : text, v == null, cut));
            }
            rows.add(new ViewerView.Row(r.rowIdx(), cells));
        }
        long total = page.numRowsTotal();
        ViewerView.Table table = new ViewerView.Table(split, Links.viewer(id, config, split, 0, null, null, null), query, where, orderby,
                error, columns, rows, total, rows.isEmpty() ? 0 : offset + 1, offset + rows.size(),
                offset > 0 ? Links.viewer(id, config, split, Math.max(0, offset - ROWS), query, where, orderby) : null,
                offset + ROWS < total ? Links.viewer(id, config, split, offset + ROWS, query, where, orderby) : null, page.partial(),
                apiHref(repo, config, split, query, where, orderby, offset));
        List<ViewerView.SplitLink> links = splits.stream().map(s -> new ViewerView.SplitLink(
                s.config().equals(DatasetViewer.DEFAULT_CONFIG) ? s.split() : s.config() + "/" + s.split(),
                Links.viewer(id, s.config(), s.split(), 0, null, null, null), s.config().equals(config) && s.split().equals(split))).toList();
        ViewerView view = new ViewerView(auth.shell(ctx, split + " · Viewer · " + repo.fullName()),
                RepoHeader.of(repo, RepoHeader.TabName.VIEWER, repoPages.mayWrite(ctx, repo)), links, table);
        boolean htmx = ctx.header("HX-Request") != null;
        // htmx swaps only 2xx answers: the refused filter's message is part of the table it swaps in
        Pages.render(ctx, error == null || htmx ? 200 : 400, htmx ? "hub/viewerTable.jte" : "hub/viewer.jte", htmx ? table : view);
    }

    private static ViewerView.Column column(DatasetViewer.Feature f, ColumnStatistics s) {
        Object dtype = f.type().getOrDefault("dtype", f.type().get("_type"));
        if (s == null) {
            return new ViewerView.Column(f.name(), String.valueOf(dtype), null, null);
        }
        Map<String, Object> st = s.columnStatistics();
        String nulls = ((Number) st.getOrDefault("nan_count", 0)).longValue() > 0 ? " · " + st.get("nan_count") + " null" : "";
        return switch (s.columnType()) {
            case "string_label", "bool" -> new ViewerView.Column(f.name(), String.valueOf(dtype),
                    ((Map<?, ?>) st.get("frequencies")).size() + " values" + nulls,
                    ColumnChart.frequencies((Map<?, ?>) st.get("frequencies"), "Count of each value of " + f.name()));
            default -> {
                String prefix = s.columnType().equals("string_text") ? "length " : "";
                Map<?, ?> histogram = (Map<?, ?>) st.get("histogram");
                yield new ViewerView.Column(f.name(), String.valueOf(dtype),
                        st.get("min") == null ? "all null" : prefix + Formats.number(st.get("min")) + " – " + Formats.number(st.get("max")) + nulls,
                        histogram == null ? null : ColumnChart.histogram(histogram, "Histogram of " + prefix + f.name() + " in 10 bins"));
            }
        };
    }

    private static String apiHref(Repo repo, String config, String split, String query, String where, String orderby, long offset) {
        String base = "/api/datasets-server/" + (query != null ? "search" : where != null || orderby != null ? "filter" : "rows")
                + "?dataset=" + enc(repo.fullName()) + "&config=" + enc(config) + "&split=" + enc(split) + "&offset=" + offset + "&length=" + ROWS;
        return base + (query != null ? "&query=" + enc(query) : "") + (where != null ? "&where=" + enc(where) : "")
                + (orderby != null ? "&orderby=" + enc(orderby) : "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v;
    }
}
