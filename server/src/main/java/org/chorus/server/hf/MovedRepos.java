package org.chorus.server.hf;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;

/**
 * Answers a request that named a repository by an old name (it was renamed or transferred) with a redirect to the same
 * URL under the new name, as the Hub does: pages get 301; API, file, git and LFS requests 307, which keeps the method
 * and body (git follows it on {@code info/refs} and then talks to the new URL). Only a caller who may read the
 * repository is redirected; anyone else gets the 404 they would get for any repository they cannot see.
 */
public final class MovedRepos {
    private final Repos repos;

    public MovedRepos(Repos repos) {
        this.repos = repos;
    }

    /** Redirects and returns true if the request's path names a moved repository the caller may read. */
    public boolean redirect(Context ctx, Optional<Principal> caller, boolean page) {
        String[] segments = ctx.path().split("/", -1);
        Optional<String> location = ownerSegment(segments).flatMap(at -> location(segments, at, caller));
        if (location.isEmpty()) {
            return false;
        }
        String query = ctx.queryString();
        boolean keepsMethod = !page || !(ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD"));
        ctx.redirect(query == null ? location.get() : location.get() + "?" + query,
                keepsMethod ? HttpStatus.TEMPORARY_REDIRECT : HttpStatus.MOVED_PERMANENTLY);
        return true;
    }

    /** Where the owner is in a repository URL: {@code /api/{models|datasets}/o/n…}, {@code /datasets/o/n…}, {@code /o/n…}. */
    private static Optional<Integer> ownerSegment(String[] s) {
        int at = s.length > 1 && s[1].equals("api") ? 3 : s.length > 1 && s[1].equals("datasets") ? 2 : 1;
        return s.length > at + 1 ? Optional.of(at) : Optional.empty();
    }

    private static RepoType type(String[] s) {
        return s[1].equals("datasets") || s[1].equals("api") && s[2].equals("datasets") ? RepoType.DATASET : RepoType.MODEL;
    }

    private Optional<String> location(String[] s, int at, Optional<Principal> caller) {
        if (s[1].equals("api") && !s[2].equals("models") && !s[2].equals("datasets")) {
            return Optional.empty();
        }
        boolean dotGit = s[at + 1].endsWith(".git");
        RepoId old;
        try {
            old = RepoId.of(type(s), s[at], dotGit ? s[at + 1].substring(0, s[at + 1].length() - 4) : s[at + 1]);
        } catch (ChorusException notAName) {
            return Optional.empty();
        }
        return repos.movedTo(caller, old).map(to -> {
            String[] moved = s.clone();
            moved[at] = to.owner();
            moved[at + 1] = dotGit ? to.name() + ".git" : to.name();
            return String.join("/", moved);
        });
    }
}
