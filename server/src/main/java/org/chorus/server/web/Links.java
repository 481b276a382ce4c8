package org.chorus.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;

/** Every URL a page links to, built in one place; templates and handlers never assemble paths themselves. */
public final class Links {
    private Links() {}

    public static String home() {
        return "/";
    }

    public static String login() {
        return "/login";
    }

    public static String loginThen(String next) {
        return "/login?next=" + query(next);
    }

    public static String logout() {
        return "/logout";
    }

    public static String models() {
        return "/models";
    }

    public static String datasets() {
        return "/datasets";
    }

    /** The search page: by words, by meaning or both ({@code explore/SearchPage}). */
    public static String capabilitySearch() {
        return "/search";
    }

    public static String search(String text) {
        return "/models?search=" + query(text);
    }

    /** The repository's page: {@code /owner/name} for models, {@code /datasets/owner/name} for datasets. */
    public static String repo(RepoId id) {
        return "/" + id.type().urlPrefix() + id.fullName();
    }

    /** A tab of the repository page ({@code tree/main}, {@code commits/main}, {@code settings}). */
    public static String repoTab(RepoId id, String tab) {
        return repo(id) + "/" + tab;
    }

    /** A directory at a revision ({@code …/tree/{rev}/{path}}); {@code path} "" is the root. */
    public static String tree(RepoId id, String rev, String path) {
        return repo(id) + "/tree/" + segment(rev) + (path.isEmpty() ? "" : "/" + path(path));
    }

    /** A file's page at a revision ({@code …/blob/{rev}/{path}}). */
    public static String blob(RepoId id, String rev, String path) {
        return repo(id) + "/blob/" + segment(rev) + "/" + path(path);
    }

    /** A file's bytes as served to clients ({@code …/resolve/…}); {@code download} asks the browser to save it. */
    public static String resolve(RepoId id, String rev, String path, boolean download) {
        return repo(id) + "/resolve/" + segment(rev) + "/" + path(path) + (download ? "?download=true" : "");
    }

    /** A file's bytes shown in the browser ({@code …/raw/…}). */
    public static String raw(RepoId id, String rev, String path) {
        return repo(id) + "/raw/" + segment(rev) + "/" + path(path);
    }

    /** The commit list of a revision; {@code page} 0 is the newest. */
    public static String commits(RepoId id, String rev, int page) {
        return repo(id) + "/commits/" + segment(rev) + (page > 0 ? "?p=" + page : "");
    }

    /** The commits of a revision that changed a file or directory ({@code …/commits/{rev}/{path}}). */
    public static String fileCommits(RepoId id, String rev, String path, int page) {
        return repo(id) + "/commits/" + segment(rev) + "/" + path(path) + (page > 0 ? "?p=" + page : "");
    }

    public static String commit(RepoId id, String sha) {
        return repo(id) + "/commit/" + segment(sha);
    }

    /** The branches and tags page. */
    public static String refs(RepoId id) {
        return repo(id) + "/refs";
    }

    /**
     * A dataset's viewer page at a split ({@code …/viewer/{config}/{split}}), with its paging offset, its search text and
     * filter (null or empty: none).
     */
    public static String viewer(RepoId id, String config, String split, long offset, String query, String where, String orderby) {
        StringBuilder q = new StringBuilder();
        for (String[] p : new String[][] {{"q", query}, {"where", where}, {"orderby", orderby}, {"offset", offset == 0 ? null : Long.toString(offset)}}) {
            if (p[1] != null && !p[1].isEmpty()) {
                q.append(q.isEmpty() ? "?" : "&").append(p[0]).append('=').append(segment(p[1]));
            }
        }
        return repo(id) + "/viewer/" + segment(config) + "/" + segment(split) + q;
    }

    /** The settings page, and its forms' targets ({@code settings/visibility}, {@code settings/move}, {@code settings/delete}). */
    public static String settings(RepoId id, String action) {
        return repo(id) + "/settings" + (action.isEmpty() ? "" : "/" + action);
    }

    /** The experiments list ({@code view}: active, deleted, all; {@code search}: part of a name; either may be empty). */
    public static String experiments() {
        return "/experiments";
    }

    /** An experiment's runs table; {@code query} is the view state ({@code filter=…&order=…}), may be empty. */
    public static String experiment(String experimentId, String query) {
        return "/experiments/" + segment(experimentId) + (query.isEmpty() ? "" : "?" + query);
    }

    /** Form targets under an experiment ({@code rename}, {@code delete}, {@code restore}, {@code runs/bulk}, {@code columns}). */
    public static String experimentAction(String experimentId, String action) {
        return "/experiments/" + segment(experimentId) + "/" + action;
    }

    /** A run's page. */
    public static String run(String experimentId, String runId) {
        return "/experiments/" + segment(experimentId) + "/runs/" + segment(runId);
    }

    /** Under a run: {@code note}, {@code live}, {@code series?…}, {@code artifacts/…}. */
    public static String runPart(String experimentId, String runId, String part) {
        return run(experimentId, runId) + "/" + part;
    }

    /** A run's artifact directory or file page; {@code path} relative to the run's artifact root ("" for the root). */
    public static String runArtifacts(String experimentId, String runId, String path) {
        return run(experimentId, runId) + "/artifacts" + (path.isEmpty() ? "" : "/" + path(path));
    }

    /** An artifact's bytes, for images shown on its page and downloads. */
    public static String runArtifactRaw(String experimentId, String runId, String path) {
        return run(experimentId, runId) + "/artifact-raw/" + path(path);
    }

    /** The compare page of runs of one experiment. */
    public static String compare(String experimentId, List<String> runIds) {
        return experimentAction(experimentId, "compare?" + compareRuns(runIds));
    }

    /** The runs of a compare URL: {@code run=…&run=…}. */
    public static String compareRuns(List<String> runIds) {
        return String.join("&", runIds.stream().map(id -> query("run", id)).toList());
    }

    /** A query string parameter, percent-encoded. */
    public static String query(String name, String value) {
        return query(name) + "=" + query(value);
    }

    /** The model registry: every registered model the caller may read. */
    public static String registry() {
        return "/registry";
    }

    /** A registered model's page (the name is a query parameter: registry names may hold any character, '/' too). */
    public static String registeredModel(String name) {
        return "/registry/model?name=" + query(name);
    }

    /** One version of a registered model. */
    public static String modelVersion(String name, int version) {
        return "/registry/version?name=" + query(name) + "&version=" + version;
    }

    /** Registry form targets ({@code model/description}, {@code model/alias}, {@code version/stage}, {@code version/description}). */
    public static String registryAction(String action) {
        return "/registry/" + action;
    }

    /** Federations with their nodes. */
    public static String federations() {
        return "/federations";
    }

    /** Federated tasks, newest first, with the form that starts one. */
    public static String federatedTasks() {
        return "/federated/tasks";
    }

    /** A federated task's page; {@code part} "" or {@code timeline}, {@code pause}, {@code resume}, {@code stop}. */
    public static String federatedTask(String id, String part) {
        return "/federated/tasks/" + segment(id) + (part.isEmpty() ? "" : "/" + part);
    }

    /** A path's segments percent-encoded, slashes kept: a hostile file name stays a path under the repository. */
    static String path(String path) {
        StringBuilder out = new StringBuilder();
        for (String s : path.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(segment(s));
        }
        return out.toString();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The upload page for a branch. */
    public static String upload(RepoId id, String branch) {
        return repo(id) + "/upload/" + segment(branch);
    }

    /** The editor of one file on a branch. */
    public static String edit(RepoId id, String branch, String path) {
        return repo(id) + "/edit/" + segment(branch) + "/" + path(path);
    }

    /** The editor's Markdown preview (an htmx POST). */
    public static String preview(RepoId id, String branch) {
        return repo(id) + "/preview/" + segment(branch);
    }

    /** The page that deletes files from a branch. */
    public static String delete(RepoId id, String branch) {
        return repo(id) + "/delete/" + segment(branch);
    }

    /** The JSON API's base for a repository ({@code /api/models/owner/name}), which the upload page's script calls. */
    public static String api(RepoId id) {
        return "/api/" + id.type().wire() + "s/" + id.fullName();
    }

    /** The git-lfs batch endpoint of a repository. */
    public static String lfsBatch(RepoId id) {
        return repo(id) + ".git/info/lfs/objects/batch";
    }

    public static String owner(String name) {
        return "/" + name;
    }

    /** A model list filtered by one tag ({@code filter=}, as {@code /api/models} takes it), as the panels link them. */
    public static String modelsWith(String filter) {
        return "/models?filter=" + query(filter);
    }

    /**
     * A model or dataset list: the whole query lives in the URL ({@code search}, {@code author}, {@code filter}s,
     * {@code sort}, page {@code p} from 0), with the parameters {@code /api/models} takes, so a list's URL is its API call.
     */
    public static String list(RepoType type, String search, String author, List<String> filters, String sort, int page) {
        StringBuilder q = new StringBuilder();
        if (search != null && !search.isEmpty()) {
            q.append("&search=").append(query(search));
        }
        if (author != null && !author.isEmpty()) {
            q.append("&author=").append(query(author));
        }
        for (String f : filters) {
            q.append("&filter=").append(query(f));
        }
        if (sort != null) {
            q.append("&sort=").append(query(sort));
        }
        if (page > 0) {
            q.append("&p=").append(page);
        }
        String base = type == RepoType.DATASET ? datasets() : models();
        return q.isEmpty() ? base : base + "?" + q.substring(1);
    }

    /** Likes or unlikes the repository (POST, CSRF). */
    public static String like(RepoId id) {
        return repo(id) + "/like";
    }

    public static String newRepo() {
        return "/new";
    }

    /** The generated avatar of a user or organisation (an SVG made by the server). */
    public static String avatar(String name) {
        return "/avatars/" + name + ".svg";
    }

    public static String settings(String section) {
        return "/settings/" + section;
    }

    /** An organisation's members page in settings (admins change roles there). */
    public static String orgSettings(String org) {
        return "/settings/organizations/" + org;
    }

    public static String datasetPage(String fullName) {
        return "/datasets/" + fullName;
    }

    public static String modelPage(String fullName) {
        return "/" + fullName;
    }

    /** The families ranking ({@code /explore/families}), page {@code page} (0 first). */
    public static String families(int page) {
        return "/explore/families" + (page > 0 ? "?p=" + page : "");
    }

    /** A model's family tree page. */
    public static String family(String fullName) {
        return "/explore/families/" + fullName;
    }

    /** The competitions list. */
    public static String competitions() {
        return "/competitions";
    }

    /** A competition's page; {@code part} "" (overview) or a tab or action under it, e.g. {@code leaderboard}, {@code team/leave}. */
    public static String competition(String name, String part) {
        return "/competitions/" + segment(name) + (part.isEmpty() ? "" : "/" + part);
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
