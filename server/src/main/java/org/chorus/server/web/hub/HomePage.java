package org.chorus.server.web.hub;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/** {@code /}: a first, minimal home (trending and activity come with the lists). */
public final class HomePage {
    private static final int ROWS = 10;

    private final WebAuth auth;
    private final Repos repos;

    public HomePage(WebAuth auth, Repos repos) {
        this.auth = auth;
        this.repos = repos;
    }

    public void show(Context ctx) {
        Optional<Principal> caller = auth.principal(ctx);
        List<RepoRow> mine = caller.map(p -> recent(caller, RepoType.MODEL, p.user().name())).orElse(List.of());
        Pages.render(ctx, "hub/home.jte", new HomeView(auth.shell(ctx, "Chorus"), mine,
                recent(caller, RepoType.MODEL, null), recent(caller, RepoType.DATASET, null)));
    }

    private List<RepoRow> recent(Optional<Principal> caller, RepoType type, String author) {
        return repos.list(caller, new RepoQuery(type, null, author, List.of(), "lastModified", false, 0, ROWS))
                .items().stream().map(RepoRow::of).toList();
    }
}
