package org.chorus.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.NulText;
import org.chorus.discovery.EcosystemChoice;
import org.chorus.discovery.Explorers;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.AuthThrottle;
import org.chorus.hub.accounts.ReservedNames;
import org.chorus.hub.accounts.WebSessions;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.MovedRepos;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.http.RequestObservation;
import org.chorus.server.http.Routes;
import org.chorus.arena.Arena;
import org.chorus.arena.ArenaReads;
import org.chorus.arena.CompetitionSpec;
import org.chorus.arena.Workers;
import org.chorus.server.web.account.ProfilePages;
import org.chorus.server.web.account.AccountSettingsPages;
import org.chorus.server.web.account.SignInPages;
import org.chorus.server.web.arena.ArenaWeb;
import org.chorus.server.web.arena.CompetitionPages;
import org.chorus.server.web.arena.HostPages;
import org.chorus.server.web.arena.SubmissionPages;
import org.chorus.server.web.explore.FamilyPages;
import org.chorus.server.web.explore.ExplorePages;
import org.chorus.server.web.explore.ListPages;
import org.chorus.server.web.explore.SearchPage;
import org.chorus.server.web.hub.DeletePages;
import org.chorus.server.web.hub.EditPages;
import org.chorus.server.web.hub.HomePage;
import org.chorus.server.web.hub.FilePages;
import org.chorus.server.web.hub.HistoryPages;
import org.chorus.server.web.hub.NewRepoPage;
import org.chorus.server.web.hub.RepoPages;
import org.chorus.server.web.fl.FederatedPages;
import org.chorus.server.web.registry.RegistryPages;
import org.chorus.server.web.registry.Registrations;
import org.chorus.server.web.hub.SettingsPages;
import org.chorus.server.web.hub.UploadPages;
import org.chorus.server.web.hub.ViewerPages;
import org.chorus.server.web.runs.ArtifactPages;
import org.chorus.server.web.runs.CompareRunsPages;
import org.chorus.server.web.runs.ExperimentPages;
import org.chorus.server.web.runs.RunPages;
import org.chorus.server.web.runs.RunsTablePages;
import org.chorus.server.web.runs.Tracking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one route table of the web app. Pages share their URLs with the Hub's git and file endpoints
 * ({@code /{owner}/{repo}} is both a page and a git remote; {@code /{owner}/{repo}/resolve/…} is a download), so:
 * <ul>
 *   <li>this table is registered after every API, git, LFS and Xet route; Javalin answers with the first route that
 *       matches, so an API route always wins over a page with the same shape ({@code /api/models} is never read as the
 *       repository "models" of owner "api");</li>
 *   <li>owners that are first path segments of the server's own URLs ({@link ReservedNames#SITE_PATHS}) never name a
 *       repository page, so a later API route cannot be shadowed either;</li>
 *   <li>git and LFS paths are longer ({@code /info/refs}, {@code .git/info/lfs/…}) and never match a page.</li>
 * </ul>
 * Every page runs through {@link #page}: a {@link ChorusException} becomes the error page with its status (an invisible
 * repository and a missing one give the same 404), an unexpected failure the 500 page with the request id, and
 * {@link #action} adds the CSRF check in front of state-changing requests.
 */
public final class WebRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(WebRoutes.class);
    private final WebAuth auth;
    private final MovedRepos moved;
    private final SignInPages signIn;
    private final HomePage home;
    private final RepoPages repoPages;
    private final FilePages filePages;
    private final HistoryPages historyPages;
    private final SettingsPages settingsPages;
    private final UploadPages uploads;
    private final EditPages edits;
    private final DeletePages deletes;
    private final ViewerPages viewerPages;

    private final ListPages lists;
    private final SearchPage searchPage;
    private final FamilyPages families;
    private final ExplorePages explorers;
    private final NewRepoPage newRepo;
    private final ProfilePages profiles;
    private final AccountSettingsPages settings;
    private final RegistryPages registry;
    private final FederatedPages federated;
    private final ExperimentPages experiments;
    private final RunsTablePages runsTable;
    private final RunPages runs;
    private final ArtifactPages artifacts;
    private final CompetitionPages competitions;
    private final SubmissionPages submissions;
    private final HostPages hosting;
    private final CompareRunsPages compare;

    public WebRoutes(Accounts accounts, AuthThrottle throttle, WebSessions sessions, Repos repos, HubViews views, EcosystemChoice ecosystems,
                     Explorers explorers, Tracking tracking, MlViews ml,
                     Arena arena, ArenaReads arenaReads, Workers workers, long maxBodyBytes) {
        this.auth = new WebAuth(sessions);
        this.moved = new MovedRepos(repos);
        this.signIn = new SignInPages(auth, accounts, throttle, sessions);
        this.home = new HomePage(auth, repos, accounts, views.activity());
        this.repoPages = new RepoPages(auth, repos, views, new Registrations(ml.registry()));
        this.filePages = new FilePages(auth, repos, repoPages, views.files(), views.xet());
        this.historyPages = new HistoryPages(auth, repos, repoPages, views.commits());
        this.settingsPages = new SettingsPages(auth, repos, filePages);
        this.lists = new ListPages(auth, views.search());
        this.searchPage = new SearchPage(auth, views.cards());
        this.families = new FamilyPages(auth, ecosystems);
        this.explorers = new ExplorePages(auth, explorers, ecosystems, views.activity());
        this.newRepo = new NewRepoPage(auth, repos, accounts);
        this.profiles = new ProfilePages(auth, accounts, repos, views.activity());
        this.settings = new AccountSettingsPages(auth, accounts);
        this.uploads = new UploadPages(auth, repos, repoPages);
        this.edits = new EditPages(auth, repos, repoPages);
        this.deletes = new DeletePages(auth, repos, repoPages);
        this.viewerPages = new ViewerPages(auth, repoPages, views.viewer());
        this.experiments = new ExperimentPages(auth, tracking);
        this.runsTable = new RunsTablePages(auth, tracking);
        this.artifacts = new ArtifactPages(auth, tracking);
        this.runs = new RunPages(auth, tracking, artifacts, new Registrations(ml.registry()));
        this.compare = new CompareRunsPages(auth, tracking);
        this.registry = new RegistryPages(auth, ml);
        this.federated = new FederatedPages(auth, repos, ml);
        ArenaWeb arenaWeb = new ArenaWeb(auth, arena, arenaReads, workers, maxBodyBytes);
        this.competitions = new CompetitionPages(arenaWeb);
        this.submissions = new SubmissionPages(arenaWeb);
        this.hosting = new HostPages(arenaWeb);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/assets/{file}", Assets::serve);
        routes.get("/", page(home::show));
        routes.get("/login", page(signIn::form));
        routes.post("/login", action(signIn::submit));
        routes.post("/logout", action(signIn::signOut));
        // fixed paths before the repository routes: /settings/tokens must not be read as the repository "tokens" of "settings"
        routes.get("/new", page(newRepo::form));
        routes.get("/search", page(searchPage::show));
        routes.post("/new", action(newRepo::create));
        routes.get("/settings", page(ctx -> ctx.redirect(Links.settings("profile"), io.javalin.http.HttpStatus.SEE_OTHER)));
        routes.get("/settings/profile", page(settings::profile));
        routes.post("/settings/profile", action(settings::updateProfile));
        routes.get("/settings/password", page(settings::passwordForm));
        routes.post("/settings/password", action(settings::changePassword));
        routes.get("/settings/tokens", page(settings::tokens));
        routes.post("/settings/tokens", action(settings::createToken));
        routes.post("/settings/tokens/{id}/revoke", action(settings::revokeToken));
        routes.get("/settings/organizations/{org}", page(settings::orgMembers));
        routes.post("/settings/organizations/{org}", action(settings::setMember));
        routes.get("/avatars/{file}", page(profiles::avatar));
        routes.get("/explore/families", page(families::families));
        routes.get("/explore/families/{owner}/{repo}", page(families::family));
        routes.get("/explore", page(explorers::index));
        routes.get("/explore/modelverse", page(explorers::modelverse));
        routes.get("/explore/organizations/{name}", page(explorers::organization));
        routes.get("/explore/dataverse", page(explorers::dataverse));
        routes.get("/explore/activity", page(explorers::activity));
        experimentRoutes(routes);
        // the model registry: names go in the query, since a registered model's name may hold any character
        routes.get("/registry", page(registry::models));
        routes.get("/registry/model", page(registry::model));
        routes.get("/registry/version", page(registry::version));
        routes.post("/registry/model/description", action(registry::describeModel));
        routes.post("/registry/model/alias", action(registry::alias));
        routes.post("/registry/version/stage", action(registry::stage));
        routes.post("/registry/version/description", action(registry::describeVersion));
        // federated learning (site admins)
        routes.get("/federations", page(federated::federations));
        routes.get("/federated/tasks", page(federated::tasks));
        routes.post("/federated/tasks", action(federated::create));
        routes.get("/federated/tasks/{id}", page(federated::task));
        routes.get("/federated/tasks/{id}/timeline", page(federated::timeline));
        for (String control : List.of("pause", "resume", "stop")) {
            routes.post("/federated/tasks/{id}/" + control, action(ctx -> federated.control(ctx, control)));
        }
        competitionRoutes(routes);
        for (RepoType type : RepoType.values()) {
            routes.get("/" + type.wire() + "s", page(ctx -> lists.list(ctx, type)));
            String repo = "/" + type.urlPrefix() + "{owner}/{repo}";
            routes.get(repo, page(ctx -> repoPages.card(ctx, type)));
            routes.post(repo + "/like", action(ctx -> repoPages.like(ctx, type)));
            // changes from the browser (write access); the upload itself goes to the JSON API (UploadPages)
            routes.get(repo + "/upload/{rev}", page(ctx -> uploads.form(ctx, type)));
            routes.get(repo + "/edit/{rev}/<path>", page(ctx -> edits.form(ctx, type)));
            routes.post(repo + "/edit/{rev}/<path>", action(ctx -> edits.commit(ctx, type)));
            routes.post(repo + "/preview/{rev}", action(ctx -> edits.preview(ctx, type)));
            routes.get(repo + "/delete/{rev}", page(ctx -> deletes.form(ctx, type)));
            routes.post(repo + "/delete/{rev}", action(ctx -> deletes.commit(ctx, type)));
        }
        routes.get("/datasets/{owner}/{repo}/viewer", page(viewerPages::first));
        routes.get("/datasets/{owner}/{repo}/viewer/{config}/{split}", page(viewerPages::split));
        // datasets first: a model's "/{owner}/{repo}/<rest>" would also match "/datasets/{owner}/{repo}/…"
        for (RepoType type : List.of(RepoType.DATASET, RepoType.MODEL)) {
            repositoryTabs(routes, type);
        }
        routes.get("/{owner}", page(profiles::show)); // last: any single segment the table above does not name
    }

    /** Experiments, runs tables, runs and their artifacts (tracking's pages: web/runs). */
    private void experimentRoutes(RoutesConfig routes) {
        routes.get("/experiments", page(experiments::list));
        routes.post("/experiments", action(experiments::create));
        routes.get("/experiments/{id}", page(runsTable::table));
        routes.get("/experiments/{id}/columns", page(runsTable::columns));
        routes.post("/experiments/{id}/rename", action(experiments::rename));
        routes.post("/experiments/{id}/delete", action(experiments::delete));
        routes.post("/experiments/{id}/restore", action(experiments::restore));
        routes.post("/experiments/{id}/runs/bulk", action(runsTable::bulk));
        routes.get("/experiments/{id}/compare", page(compare::page));
        routes.get("/experiments/{id}/compare/series", page(compare::series));
        routes.get("/experiments/{id}/runs/{run}", page(runs::show));
        routes.post("/experiments/{id}/runs/{run}/note", action(runs::note));
        routes.get("/experiments/{id}/runs/{run}/series", page(runs::series));
        routes.get("/experiments/{id}/runs/{run}/live", page(runs::live));
        routes.get("/experiments/{id}/runs/{run}/artifacts", page(artifacts::page));
        routes.get("/experiments/{id}/runs/{run}/artifacts/<path>", page(artifacts::page));
        routes.get("/experiments/{id}/runs/{run}/artifact-raw/<path>", page(artifacts::raw));
    }

    /** Competitions (web/arena): the public tabs, the caller's team and submissions, and the host's tab. */
    private void competitionRoutes(RoutesConfig routes) {
        routes.get("/competitions", page(competitions::list));
        routes.get("/competitions/" + CompetitionSpec.CREATE_PAGE, page(hosting::form));
        routes.post("/competitions", action(hosting::create));
        routes.get("/competitions/{name}", page(competitions::overview));
        routes.get("/competitions/{name}/rules", page(competitions::rules));
        routes.post("/competitions/{name}/join", action(competitions::join));
        routes.get("/competitions/{name}/leaderboard", page(competitions::leaderboard));
        routes.get("/competitions/{name}/team", page(competitions::team));
        for (String teamAction : List.of("invite", "accept", "leave")) {
            routes.post("/competitions/{name}/team/" + teamAction, action(ctx -> competitions.teamAction(ctx, teamAction)));
        }
        routes.get("/competitions/{name}/submissions", page(submissions::show));
        routes.post("/competitions/{name}/submissions", action(submissions::submit));
        routes.post("/competitions/{name}/submissions/{id}/selection", action(submissions::select));
        routes.get("/competitions/{name}/host", page(hosting::show));
        routes.post("/competitions/{name}/host/solution", action(hosting::solution));
        routes.post("/competitions/{name}/host/close", action(hosting::close));
        routes.post("/competitions/{name}/host/workers", action(hosting::addWorker));
        routes.post("/competitions/{name}/host/workers/{worker}/remove", action(hosting::removeWorker));
    }

    /** The repository's tabs beyond the card, then the 404 page for any other GET under the repository. */
    private void repositoryTabs(RoutesConfig routes, RepoType type) {
        String repo = "/" + type.urlPrefix() + "{owner}/{repo}";
        routes.get(repo + "/tree/{rev}", page(ctx -> filePages.tree(ctx, type, true)));
        routes.get(repo + "/tree/{rev}/<path>", page(ctx -> filePages.tree(ctx, type, false)));
        routes.get(repo + "/blob/{rev}/<path>", page(ctx -> filePages.blob(ctx, type)));
        routes.get(repo + "/commits/{rev}", page(ctx -> historyPages.commits(ctx, type, false)));
        routes.get(repo + "/commits/{rev}/<path>", page(ctx -> historyPages.commits(ctx, type, true)));
        routes.get(repo + "/commit/{sha}", page(ctx -> historyPages.commit(ctx, type)));
        routes.get(repo + "/refs", page(ctx -> historyPages.refs(ctx, type)));
        routes.get(repo + "/settings", page(ctx -> settingsPages.show(ctx, type)));
        routes.post(repo + "/settings/visibility", action(ctx -> settingsPages.visibility(ctx, type)));
        routes.post(repo + "/settings/move", action(ctx -> settingsPages.move(ctx, type)));
        routes.post(repo + "/settings/delete", action(ctx -> settingsPages.delete(ctx, type)));
        routes.post(repo + "/settings/lfs-files", action(ctx -> settingsPages.deleteLargeFiles(ctx, type)));
        // registered after every git, LFS, Xet and file route (Wiring), so only URLs nothing else answers land here
        routes.get(repo + "/<rest>", page(ctx -> {
            requireOwner(ctx, ctx.pathParam("owner"));
            throw new ChorusException(ErrorCode.NOT_FOUND, "no such page");
        }));
    }

    /**
     * Owners that are path segments of the server's own URLs (see {@link ReservedNames#SITE_PATHS}) are no page: the
     * request answers as if no page route existed (the API's JSON 404 for {@code /api/nothing-here}, as before pages came).
     */
    public static void requireOwner(Context ctx, String owner) {
        if (ReservedNames.SITE_PATHS.contains(owner)) {
            throw new NotFoundResponse("Endpoint " + ctx.method() + " " + ctx.path() + " not found");
        }
    }

    /** A page handler whose errors become error pages. */
    PageHandlerAdapter page(PageHandler handler) {
        return new PageHandlerAdapter(auth, moved, handler, false);
    }

    /** A state-changing page request: the CSRF check runs first. */
    PageHandlerAdapter action(PageHandler handler) {
        return new PageHandlerAdapter(auth, moved, handler, true);
    }

    record PageHandlerAdapter(WebAuth auth, MovedRepos moved, PageHandler handler, boolean changesState) implements io.javalin.http.Handler {
        @Override
        public void handle(Context ctx) {
            try {
                refuseNul(ctx);
                if (changesState) {
                    auth.requireCsrf(ctx);
                }
                handler.handle(ctx);
            } catch (HttpResponseException e) {
                throw e; // not a page after all (WebRoutes.requireOwner): the server's JSON answer
            } catch (ChorusException e) {
                error(ctx, e.code(), e.getMessage());
            } catch (Exception e) {
                LOG.error("request {} {} failed", RequestObservation.requestId(ctx), ctx.path(), e);
                error(ctx, ErrorCode.INTERNAL, null);
            }
        }

        /**
         * Every page's query and form fields under {@link NulText}'s rule, before any handler stores or searches
         * them. Multipart bodies (uploads) are left to their handlers, which stream them.
         */
        private static void refuseNul(Context ctx) {
            check(ctx.queryParamMap());
            if (ctx.isFormUrlencoded()) {
                check(ctx.formParamMap());
            }
        }

        private static void check(Map<String, List<String>> fields) {
            fields.forEach((name, values) -> {
                NulText.require(name, name);
                values.forEach(v -> NulText.require(name, v));
            });
        }

        private void error(Context ctx, ErrorCode code, String message) {
            if (code == ErrorCode.REPO_NOT_FOUND && moved.redirect(ctx, auth.principal(ctx), true)) {
                return;
            }
            if (code == ErrorCode.UNAUTHENTICATED && ctx.method().name().equals("GET")) {
                ctx.redirect(Links.loginThen(ctx.path()), io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            int status = ErrorResponses.status(code);
            String headline = switch (status) {
                case 404 -> "Page not found";
                case 403 -> "Not allowed";
                case 429 -> "Too many attempts";
                case 500 -> "Something went wrong";
                default -> "That did not work";
            };
            String text = switch (status) {
                case 404 -> "There is nothing here, or you may not see it. Check the address, or sign in as someone who may.";
                case 500 -> "The server failed to answer. If it keeps happening, report the request id below.";
                default -> message;
            };
            Pages.render(ctx, status, "shared/error.jte", new ErrorPage(auth.shell(ctx, headline), status, headline, text,
                    status >= 500 ? RequestObservation.requestId(ctx) : null));
        }
    }
}
