package org.chorus.server.web.arena;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.arena.Arena;
import org.chorus.arena.ArenaReads;
import org.chorus.arena.Competition;
import org.chorus.arena.Phase;
import org.chorus.arena.Workers;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.arena.CompetitionRoutes;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.WebAuth;

/**
 * What every competition page needs: the caller, the arena's services, the header with its tabs, and the two ways a
 * form's input enters (text fields and an uploaded CSV, size-checked as the API checks a body).
 */
public record ArenaWeb(WebAuth auth, Arena arena, ArenaReads reads, Workers workers, int maxFileBytes) {
    public ArenaWeb(WebAuth auth, Arena arena, ArenaReads reads, Workers workers, long maxBodyBytes) {
        this(auth, arena, reads, workers, CompetitionRoutes.maxFileBytes(maxBodyBytes));
    }

    /** A refused form: the status and message the API would answer, shown above the form. */
    record Refusal(int status, String message) {}

    /**
     * Runs a form's action. A refusal comes back to be shown on the page, except "sign in first" and "no such
     * competition", which become the sign-in redirect and the 404 page as for any page.
     */
    static Refusal attempt(Runnable action) {
        try {
            action.run();
            return null;
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            return new Refusal(ErrorResponses.status(e.code()), e.getMessage());
        }
    }

    Header header(Context ctx, Competition c, String current) {
        Optional<Principal> caller = auth.principal(ctx);
        boolean host = caller.isPresent() && reads.hosts(caller.get(), c.spec().name());
        String name = c.spec().name();
        List<ArenaViews.Tab> tabs = new ArrayList<>();
        tabs.add(new ArenaViews.Tab("Overview", Links.competition(name, ""), current.isEmpty()));
        for (String[] tab : new String[][] {{"Rules", "rules"}, {"Leaderboard", "leaderboard"}, {"Team", "team"}, {"Submissions", "submissions"}}) {
            tabs.add(new ArenaViews.Tab(tab[0], Links.competition(name, tab[1]), current.equals(tab[1])));
        }
        if (host) {
            tabs.add(new ArenaViews.Tab("Host", Links.competition(name, "host"), current.equals("host")));
        }
        return new Header(name, c.spec().title(), c.host(), state(c, Instant.now()), tabs);
    }

    /** The title and tabs every competition page starts with; the Host tab only for its host and site admins. */
    public record Header(String name, String title, String host, String state, List<ArenaViews.Tab> tabs) {}

    /** "closed", "upcoming", "phase NAME until …", "between phases" or "ended, not closed yet". */
    static String state(Competition c, Instant now) {
        if (c.closed()) {
            return "closed";
        }
        List<Phase> phases = c.spec().phases();
        if (now.isBefore(phases.getFirst().startsAt())) {
            return "upcoming: starts " + phases.getFirst().startsAt();
        }
        for (Phase p : phases) {
            if (!now.isBefore(p.startsAt()) && now.isBefore(p.endsAt())) {
                return "open: " + p.name() + " until " + p.endsAt();
            }
        }
        return now.isBefore(c.endsAt()) ? "between phases" : "ended, not closed yet";
    }

    static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v.strip();
    }

    /** The uploaded file {@code field}, refused (413) above the limit before it is read whole. */
    byte[] upload(Context ctx, String field) {
        UploadedFile file = ctx.uploadedFile(field);
        if (file == null) {
            throw ChorusException.invalid("choose a CSV file to upload");
        }
        if (file.size() > maxFileBytes) {
            throw CompetitionRoutes.tooLarge(file.size(), maxFileBytes);
        }
        try (InputStream in = file.content()) {
            byte[] body = in.readNBytes(maxFileBytes + 1);
            if (body.length > maxFileBytes) {
                throw CompetitionRoutes.tooLarge(body.length, maxFileBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
