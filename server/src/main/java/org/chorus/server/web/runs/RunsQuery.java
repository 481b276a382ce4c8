package org.chorus.server.web.runs;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.chorus.server.web.Links;

/**
 * The whole view state of a runs table, read from and written back to the URL so a view can be shared: the filter
 * (the API's language), one order-by clause, the chosen columns ({@code col=metrics.acc}, repeated), grouping by a
 * param or tag with the metric aggregated per group, the lifecycle view, the page token, and the column search.
 */
public record RunsQuery(String filter, String order, List<String> columns, String group, String aggregate, String view, String page,
                        String columnSearch) {
    private static final int MAX_COLUMNS = 100;

    static RunsQuery of(Context ctx) {
        List<String> columns = ctx.queryParams("col").stream().filter(Column::valid).distinct().limit(MAX_COLUMNS).toList();
        String view = switch (text(ctx.queryParam("view"))) {
            case "deleted", "all" -> ctx.queryParam("view");
            default -> "active";
        };
        String group = text(ctx.queryParam("group"));
        return new RunsQuery(text(ctx.queryParam("filter")), text(ctx.queryParam("order")), columns,
                group.startsWith("params.") || group.startsWith("tags.") ? group : "", text(ctx.queryParam("agg")), view,
                text(ctx.queryParam("page")), text(ctx.queryParam("colq")));
    }

    RunsQuery withOrder(String order) {
        return new RunsQuery(filter, order, columns, group, aggregate, view, "", columnSearch);
    }

    RunsQuery withPage(String page) {
        return new RunsQuery(filter, order, columns, group, aggregate, view, page, columnSearch);
    }

    /** The query string ({@code filter=…&order=…}), empty parts left out; the column search is not kept in links. */
    String query() {
        List<String> parts = new ArrayList<>();
        add(parts, "filter", filter);
        add(parts, "order", order);
        columns.forEach(c -> add(parts, "col", c));
        add(parts, "group", group);
        add(parts, "agg", aggregate);
        if (!view.equals("active")) {
            add(parts, "view", view);
        }
        add(parts, "page", page);
        return String.join("&", parts);
    }

    /** A query parameter a form carries along unchanged. */
    public record Field(String name, String value) {}

    /** The state as hidden form fields, less the named parts (which the form sets) and the page (a new query starts at the top). */
    public List<Field> fieldsExcept(String... names) {
        List<String> skip = List.of(names);
        List<Field> out = new ArrayList<>();
        for (String part : query().split("&")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq);
            if (!name.equals("page") && !skip.contains(name)) {
                out.add(new Field(name, java.net.URLDecoder.decode(part.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static void add(List<String> parts, String name, String value) {
        if (!value.isEmpty()) {
            parts.add(Links.query(name, value));
        }
    }

    static String text(String s) {
        return s == null ? "" : s;
    }
}
