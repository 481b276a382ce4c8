package org.chorus.server.web.hub;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * {@code /new}: creates a repository with {@link Repos#create} (the API's permission and name checks; a refusal is
 * shown next to its field) and, when a licence is chosen, a first README.md whose front matter names it.
 */
public final class NewRepoPage {
    /** The licences offered (the Hub's most used); "" is none. */
    static final List<String> LICENSES = List.of("", "apache-2.0", "mit", "cc-by-4.0", "cc-by-sa-4.0", "bsd-3-clause",
            "gpl-3.0", "openrail", "llama3", "other");

    private final WebAuth auth;
    private final Repos repos;
    private final Accounts accounts;

    public NewRepoPage(WebAuth auth, Repos repos, Accounts accounts) {
        this.auth = auth;
        this.repos = repos;
        this.accounts = accounts;
    }

    public void form(Context ctx) {
        Principal me = auth.required(ctx);
        String org = ctx.queryParam("owner");
        Pages.render(ctx, "hub/new.jte", new NewRepoView(auth.shell(ctx, "New repository"), owners(me), LICENSES,
                org != null && owners(me).contains(org) ? org : me.user().name(), "model", "", false, "", null, null));
    }

    public void create(Context ctx) {
        Principal me = auth.required(ctx);
        String owner = Optional.ofNullable(ctx.formParam("owner")).orElse("");
        String type = Optional.ofNullable(ctx.formParam("type")).orElse("model");
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        // a checkbox: absent when unticked; any other value than a browser's or a script's "true" is a mistake, not public
        String privateBox = ctx.formParam("private");
        if (privateBox != null && !privateBox.equals("on") && !privateBox.equals("true")) {
            throw ChorusException.invalid("private must be on or absent");
        }
        boolean isPrivate = privateBox != null;
        String license = Optional.ofNullable(ctx.formParam("license")).orElse("");
        String field = "name";
        try {
            if (!LICENSES.contains(license)) {
                field = "license";
                throw ChorusException.invalid("choose a licence from the list");
            }
            field = "type";
            RepoType repoType = RepoType.parse(type);
            field = "name";
            RepoId id = RepoId.of(repoType, owner, name);
            Repo repo = repos.create(me, id, isPrivate);
            if (!license.isEmpty()) {
                String card = "---\nlicense: " + license + "\n---\n# " + name + "\n";
                repos.commit(me, id, new CommitRequest("main", "Add README.md with the licence", null, null,
                        List.of(new CommitOp.AddFile("README.md", card.getBytes(StandardCharsets.UTF_8)))));
            }
            ctx.redirect(Links.repo(repo.repoId()), HttpStatus.SEE_OTHER);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED || e.code() == ErrorCode.INTERNAL) {
                throw e;
            }
            if (e.code() == ErrorCode.PERMISSION_DENIED || e.getMessage().contains("owner")) {
                field = "owner";
            }
            Pages.render(ctx, ErrorResponses.status(e.code()), "hub/new.jte", new NewRepoView(auth.shell(ctx, "New repository"),
                    owners(me), LICENSES, owner, type, name, isPrivate, license, e.getMessage(), field));
        }
    }

    /** The caller, then the organisations where they may write (create rights, as {@link Repos#create} checks them). */
    private List<String> owners(Principal me) {
        List<String> owners = new ArrayList<>();
        owners.add(me.user().name());
        accounts.memberships(me.user()).stream().filter(m -> m.role().includes(Role.WRITE)).map(m -> m.org().name()).forEach(owners::add);
        return owners;
    }
}
