package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.http.Routes;
import org.chorus.viewer.DatasetViewer;

/**
 * The dataset viewer API under {@code /api/datasets-server/…}, with the parameters and answers of the Hugging Face
 * dataset viewer ({@code dataset}, {@code config}, {@code split}, {@code offset}, {@code length}, {@code query},
 * {@code where}, {@code orderby}). The dataset is loaded with the caller's read check, as {@code /resolve} loads it:
 * a private dataset is the same 404 as a missing one for those who may not read it.
 */
public final class DatasetViewerRoutes implements Routes {
    public static final String PREFIX = "/api/datasets-server";
    /** Longest config or split name accepted. */
    private static final int MAX_NAME = 100;

    private final Repos repos;
    private final DatasetViewer viewer;

    public DatasetViewerRoutes(Repos repos, DatasetViewer viewer) {
        this.repos = repos;
        this.viewer = viewer;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "/is-valid", ctx -> ctx.json(viewer.isValid(dataset(ctx))));
        routes.get(PREFIX + "/splits", ctx -> ctx.json(viewer.splits(dataset(ctx))));
        routes.get(PREFIX + "/first-rows", ctx -> ctx.json(viewer.firstRows(dataset(ctx), name(ctx, "config"), name(ctx, "split"))));
        routes.get(PREFIX + "/rows", ctx -> ctx.json(viewer.rows(dataset(ctx), name(ctx, "config"), name(ctx, "split"), offset(ctx), length(ctx))));
        routes.get(PREFIX + "/search", ctx -> ctx.json(viewer.search(dataset(ctx), name(ctx, "config"), name(ctx, "split"),
                ctx.queryParam("query"), offset(ctx), length(ctx))));
        routes.get(PREFIX + "/filter", ctx -> ctx.json(viewer.filter(dataset(ctx), name(ctx, "config"), name(ctx, "split"),
                ctx.queryParam("where"), ctx.queryParam("orderby"), offset(ctx), length(ctx))));
        routes.get(PREFIX + "/statistics", ctx -> ctx.json(viewer.statistics(dataset(ctx), name(ctx, "config"), name(ctx, "split"))));
        routes.get(PREFIX + "/parquet", ctx -> {
            Repo repo = dataset(ctx);
            String base = HubRequests.base(ctx) + "/datasets/" + repo.fullName() + "/resolve/" + repo.sha() + "/";
            ctx.json(viewer.parquet(repo, path -> base + encodePath(path)));
        });
    }

    /** {@code dataset=owner/name}, read with the caller's rights. */
    public static RepoId datasetId(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw ChorusException.invalid("dataset is required (owner/name)");
        }
        int slash = dataset.indexOf('/');
        if (slash < 0 || dataset.indexOf('/', slash + 1) >= 0) {
            throw ChorusException.invalid("dataset must be owner/name");
        }
        return RepoId.of(RepoType.DATASET, dataset.substring(0, slash), dataset.substring(slash + 1));
    }

    private Repo dataset(Context ctx) {
        return repos.get(HubRequests.caller(ctx), datasetId(ctx.queryParam("dataset")));
    }

    private static String name(Context ctx, String param) {
        String v = ctx.queryParam(param);
        if (v == null || v.isEmpty()) {
            throw ChorusException.invalid(param + " is required");
        }
        if (v.length() > MAX_NAME || v.chars().anyMatch(Character::isISOControl)) {
            throw ChorusException.invalid(param + " must be at most " + MAX_NAME + " characters without control characters");
        }
        return v;
    }

    private static long offset(Context ctx) {
        String v = ctx.queryParam("offset");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw ChorusException.invalid("offset must be a whole number, 0 or more");
    }

    private static int length(Context ctx) {
        return HubRequests.intParam(ctx, "length", DatasetViewer.MAX_PAGE, 1, DatasetViewer.MAX_PAGE);
    }

    private static String encodePath(String path) {
        return Arrays.stream(path.split("/")).map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
