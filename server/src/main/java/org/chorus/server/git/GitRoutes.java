package org.chorus.server.git;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.server.hf.HubRequests;
import org.chorus.server.hf.RepoGate;
import org.chorus.server.http.Routes;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.PreReceiveHookChain;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * git smart HTTP at {@code /{owner}/{repo}(.git)} and {@code /datasets/...}: access is checked here with the
 * same rules as the API, then JGit's GitServlet serves the protocol over the repository's DFS view.
 */
public final class GitRoutes implements Routes {
    private static final String REPO_ATTRIBUTE = "chorus.git.repo";

    private final Repos repos;
    private final GitServlet servlet = new GitServlet();
    private volatile boolean initialised;

    public GitRoutes(Repos repos) {
        this.repos = repos;
        servlet.setRepositoryResolver((req, name) -> repos.openGit((Repo) req.getAttribute(REPO_ATTRIBUTE)));
        GitErrors errors = new GitErrors();
        servlet.setUploadPackErrorHandler(errors);
        servlet.setReceivePackErrorHandler(errors);
        servlet.setReceivePackFactory((req, db) -> {
            Repo repo = (Repo) req.getAttribute(REPO_ATTRIBUTE);
            ReceivePack rp = new ReceivePack(db);
            rp.setAllowCreates(true);
            rp.setAllowDeletes(true);
            rp.setAllowNonFastForwards(true);
            rp.setMaxObjectSizeLimit(Repos.MAX_REGULAR_FILE_BYTES - 1);
            rp.setPreReceiveHook(PreReceiveHookChain.newChain(List.of(new PushedNames(), new PushRules(repos, repo))));
            rp.setPostReceiveHook((pack, commands) -> repos.refsChanged(repo));
            return rp;
        });
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RepoType type : RepoType.values()) {
            String prefix = "/" + type.urlPrefix() + "{owner}/{repo}";
            routes.get(prefix + "/info/refs", ctx -> serve(ctx, type,
                    "git-receive-pack".equals(ctx.queryParam("service")) ? Role.WRITE : Role.READ, "/info/refs"));
            routes.post(prefix + "/git-upload-pack", ctx -> serve(ctx, type, Role.READ, "/git-upload-pack"));
            routes.post(prefix + "/git-receive-pack", ctx -> serve(ctx, type, Role.WRITE, "/git-receive-pack"));
        }
    }

    private void serve(Context ctx, RepoType type, Role needed, String suffix) throws IOException, ServletException {
        Repo repo = RepoGate.require(ctx, repos, HubRequests.repoId(ctx, type), needed);
        HttpServletRequest req = ctx.req();
        init(req.getServletContext());
        req.setAttribute(REPO_ATTRIBUTE, repo);
        servlet.service(new HttpServletRequestWrapper(req) {
            @Override
            public String getPathInfo() {
                return "/" + repo.id() + suffix;
            }

            @Override
            public String getServletPath() {
                return "";
            }
        }, ctx.res());
    }

    private void init(ServletContext context) throws ServletException {
        if (initialised) {
            return;
        }
        synchronized (this) {
            if (!initialised) {
                servlet.init(new ServletConfig() {
                    @Override
                    public String getServletName() {
                        return "git";
                    }

                    @Override
                    public ServletContext getServletContext() {
                        return context;
                    }

                    @Override
                    public String getInitParameter(String name) {
                        return null;
                    }

                    @Override
                    public Enumeration<String> getInitParameterNames() {
                        return Collections.emptyEnumeration();
                    }
                });
                initialised = true;
            }
        }
    }
}
