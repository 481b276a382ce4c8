package org.chorus.server.web.hub;

import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * {@code /}: for everyone, trending models and datasets (the hub's trending score: downloads of the last 7 days plus
 * 10 per like given in them, see docs/hub.md) and the latest updates; signed in, also the caller's repositories,
 * organisations and recent commits to repositories they may read. Every list is the caller's view (private ones
 * only where they may read).
 */
public final class HomePage {
    private static final int ROWS = 8;

    private final WebAuth auth;
    private final Repos repos;
    private final Accounts accounts;
    private final Activity activity;

    public HomePage(WebAuth auth, Repos repos, Accounts accounts, Activity activity) {
        this.auth = auth;
        this.repos = repos;
        this.accounts = accounts;
        this.activity = activity;
    }

    public void show(Context ctx) {
        Optional<Principal> caller = auth.principal(ctx);
        List<RepoRow> mine = List.of();
        List<HomeView.OrgRow> orgs = List.of();
        List<HomeView.ActivityRow> feed = List.of();
        if (caller.isPresent()) {
            String me = caller.get().user().name();
            mine = newest(list(caller, RepoType.MODEL, me, "lastModified"), list(caller, RepoType.DATASET, me, "lastModified"));
            orgs = accounts.memberships(caller.get().user()).stream()
                    .map(m -> new HomeView.OrgRow(m.org().name(), Links.owner(m.org().name()), Links.avatar(m.org().name()),
                            m.role().name().toLowerCase(java.util.Locale.ROOT)))
                    .toList();
            feed = activity.feed(caller, Optional.empty(), 0, ROWS).items().stream()
                    .map(e -> new HomeView.ActivityRow(e.repo().fullName(), Links.repo(e.repo()), e.title(), Links.commit(e.repo(), e.sha()),
                            e.author() != null ? e.author() : e.authorName(), e.author() != null ? Links.owner(e.author()) : null, e.at()))
                    .toList();
        }
        Pages.render(ctx, "hub/home.jte", new HomeView(auth.shell(ctx, "Chorus"), mine, orgs, feed,
                list(caller, RepoType.MODEL, null, "trending"), list(caller, RepoType.DATASET, null, "trending"),
                newest(list(caller, RepoType.MODEL, null, "lastModified"), list(caller, RepoType.DATASET, null, "lastModified"))));
    }

    private List<RepoRow> list(Optional<Principal> caller, RepoType type, String author, String sort) {
        return repos.list(caller, new RepoQuery(type, null, author, List.of(), sort, false, 0, ROWS))
                .items().stream().map(RepoRow::of).toList();
    }

    /** Models and datasets together, most recently updated first. */
    private static List<RepoRow> newest(List<RepoRow> models, List<RepoRow> datasets) {
        return Stream.concat(models.stream(), datasets.stream())
                .sorted(Comparator.comparing(RepoRow::updated, Comparator.nullsLast(Comparator.reverseOrder())))
                .limit(ROWS).toList();
    }
}
