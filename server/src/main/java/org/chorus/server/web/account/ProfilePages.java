package org.chorus.server.web.account;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Account;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.Activity;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.WebRoutes;
import org.chorus.server.web.hub.RepoRow;

/** {@code /{owner}} (a user or an organisation) and {@code /avatars/{name}.svg}, the avatar the server draws. */
public final class ProfilePages {
    /** Repositories listed per kind on a profile. */
    static final int REPOS = 50;
    /** The Okabe–Ito palette (colour-blind safe) without black; an avatar's colour is picked by its name. */
    private static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00");

    private final WebAuth auth;
    private final Accounts accounts;
    private final Repos repos;
    private final Activity activity;

    public ProfilePages(WebAuth auth, Accounts accounts, Repos repos, Activity activity) {
        this.auth = auth;
        this.accounts = accounts;
        this.repos = repos;
        this.activity = activity;
    }

    public void show(Context ctx) {
        String name = ctx.pathParam("owner");
        WebRoutes.requireOwner(ctx, name);
        Account account = find(name);
        Optional<Principal> caller = auth.principal(ctx);
        boolean isOrg = account.kind() == Account.Kind.ORG;
        List<RepoRow> owned = Stream.of(RepoType.MODEL, RepoType.DATASET)
                .flatMap(t -> repos.list(caller, new RepoQuery(t, null, account.name(), List.of(), "lastModified", false, 0, REPOS)).items().stream())
                .map(RepoRow::of)
                .sorted(Comparator.comparing(RepoRow::updated, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        List<ProfileView.Member> members = isOrg ? accounts.members(account.name()).stream()
                .map(m -> new ProfileView.Member(m.user().name(), Links.owner(m.user().name()), Links.avatar(m.user().name()),
                        m.role().wire()))
                .toList() : List.of();
        String settings = null;
        if (caller.isPresent()) {
            Account me = caller.get().user();
            if (!isOrg && me.id().equals(account.id())) {
                settings = Links.settings("profile");
            } else if (isOrg && (me.siteAdmin() || accounts.roleIn(account, me).filter(r -> r.includes(Role.ADMIN)).isPresent())) {
                settings = Links.orgSettings(account.name());
            }
        }
        Heatmap heatmap = Heatmap.of(activity.commitsPerDay(caller, account.name(), Activity.MAX_DAYS));
        Pages.render(ctx, "account/profile.jte", new ProfileView(auth.shell(ctx, account.name()), account.name(), account.fullname(),
                accounts.profile(account).bio(), isOrg, Links.avatar(account.name()), owned, members, heatmap, settings));
    }

    /** An SVG with the account's initial on a colour picked from its name; cached for a day (names do not change colour). */
    public void avatar(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".svg")) {
            throw ChorusException.notFound("no such avatar");
        }
        Account account = find(file.substring(0, file.length() - 4));
        String initial = account.name().substring(0, 1).toUpperCase(Locale.ROOT);
        String colour = PALETTE.get(Math.floorMod(account.name().hashCode(), PALETTE.size()));
        // the name passed Names (letters, digits, - _ .): the initial needs no escaping, and the colour is ours
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" width=\"64\" height=\"64\">"
                + "<rect width=\"64\" height=\"64\" rx=\"" + (account.kind() == Account.Kind.ORG ? 8 : 32) + "\" fill=\"" + colour + "\"/>"
                + "<text x=\"32\" y=\"42\" font-family=\"system-ui, sans-serif\" font-size=\"30\" font-weight=\"600\" text-anchor=\"middle\" fill=\"#ffffff\">"
                + initial + "</text></svg>";
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        ctx.contentType("image/svg+xml").result(svg.getBytes(StandardCharsets.UTF_8));
    }

    private Account find(String name) {
        return accounts.find(name).orElseThrow(() -> ChorusException.notFound("no such user or organisation"));
    }
}
