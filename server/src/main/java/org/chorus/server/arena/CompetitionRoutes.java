package org.chorus.server.arena;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.arena.Arena;
import org.chorus.arena.BoardMode;
import org.chorus.arena.Competition;
import org.chorus.arena.CompetitionSpec;
import org.chorus.arena.Metric;
import org.chorus.arena.Phase;
import org.chorus.arena.Standing;
import org.chorus.arena.Submission;
import org.chorus.arena.SubmissionKind;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.jobs.Job;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/**
 * The arena's API under {@code /api/chorus/competitions}. Solutions and submissions travel as raw CSV bodies (read
 * up to {@link Arena#MAX_FILE_BYTES} or the server's body limit, whichever is smaller; a larger declared length is
 * refused before reading); no route returns a solution,
 * the split's seed, or a score the caller may not see (the service decides which).
 */
public final class CompetitionRoutes implements Routes {
    private static final String BASE = "/api/chorus/competitions";
    private final Arena arena;
    private final int maxFileBytes;

    public CompetitionRoutes(Arena arena, long maxBodyBytes) {
        this.arena = arena;
        this.maxFileBytes = maxFileBytes(maxBodyBytes);
    }

    /** A phase as the API and the host's form send it (times in UTC, ISO-8601). */
    public record PhaseBody(String name, String start, String end, Integer dailyCap) {}

    /** A new competition as the API and the host's form send it; null fields take the defaults of {@link #spec}. */
    public record CompetitionBody(String name, String title, String description, String rules, String datasetRepo, String metric, Integer k,
                           String mode, Integer roundDigits, Integer publicPercent, Integer maxTeamSize, Integer selectionLimit,
                           Boolean lateSubmissions, String mergeDeadline, List<PhaseBody> phases, String submissions, String testInputs) {}

    /** A model submission: a model repository ({@code owner/name}) and a revision ({@code main} when absent). */
    record ModelBody(String model, String revision, String message) {}

    record JoinBody(Boolean acceptRules, String team) {}

    record SelectionBody(Boolean selected) {}

    record InviteBody(String user) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE, ctx -> ctx.json(arena.list().stream().map(c -> competition(ctx, c)).toList()));
        routes.post(BASE, ctx -> ctx.status(201).json(competition(ctx, arena.create(Auth.required(ctx), spec(Json.body(ctx, CompetitionBody.class))))));
        routes.get(BASE + "/{name}", ctx -> ctx.json(competition(ctx, arena.get(ctx.pathParam("name")))));
        routes.put(BASE + "/{name}/solution", ctx -> {
            var caller = Auth.required(ctx);
            ctx.json(competition(ctx, arena.uploadSolution(caller, ctx.pathParam("name"), csvBody(ctx))));
        });
        routes.post(BASE + "/{name}/join", ctx -> {
            JoinBody body = Json.body(ctx, JoinBody.class);
            String team = arena.join(Auth.required(ctx), ctx.pathParam("name"), Boolean.TRUE.equals(body.acceptRules()), body.team());
            ctx.status(201).json(Map.of("team", team));
        });
        routes.post(BASE + "/{name}/invites", ctx -> {
            arena.invite(Auth.required(ctx), ctx.pathParam("name"), Json.body(ctx, InviteBody.class).user());
            ctx.status(204);
        });
        routes.post(BASE + "/{name}/teams/{team}/accept", ctx -> {
            JoinBody body = Json.body(ctx, JoinBody.class);
            String team = arena.accept(Auth.required(ctx), ctx.pathParam("name"), ctx.pathParam("team"), Boolean.TRUE.equals(body.acceptRules()));
            ctx.json(Map.of("team", team));
        });
        routes.post(BASE + "/{name}/leave", ctx -> {
            arena.leave(Auth.required(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });
        routes.post(BASE + "/{name}/submissions", ctx -> {
            var caller = Auth.required(ctx);
            if (ctx.contentType() != null && ctx.contentType().startsWith("application/json")) {
                ModelBody body = Json.body(ctx, ModelBody.class);
                String message = body.message() != null ? body.message() : ctx.queryParam("message");
                ctx.status(201).json(submission(arena.submitModel(caller, ctx.pathParam("name"), body.model(), body.revision(), message)));
            } else {
                ctx.status(201).json(submission(arena.submit(caller, ctx.pathParam("name"), csvBody(ctx), ctx.queryParam("message"))));
            }
        });
        routes.get(BASE + "/{name}/submissions", ctx ->
                ctx.json(arena.submissions(Auth.required(ctx), ctx.pathParam("name")).stream().map(CompetitionRoutes::submission).toList()));
        routes.put(BASE + "/{name}/submissions/{id}/selection", ctx -> {
            SelectionBody body = Json.body(ctx, SelectionBody.class);
            if (body.selected() == null) {
                throw ChorusException.invalid("send {\"selected\": true} or {\"selected\": false}");
            }
            ctx.json(submission(arena.select(Auth.required(ctx), ctx.pathParam("name"), ctx.pathParam("id"), body.selected())));
        });
        routes.get(BASE + "/{name}/leaderboard", this::leaderboard);
        routes.post(BASE + "/{name}/close", ctx -> ctx.json(competition(ctx, arena.close(Auth.required(ctx), ctx.pathParam("name")))));
        routes.get(BASE + "/{name}/jobs", ctx ->
                ctx.json(arena.jobs(Auth.required(ctx), ctx.pathParam("name")).stream().map(CompetitionRoutes::job).toList()));
    }

    private void leaderboard(Context ctx) {
        String split = Optional.ofNullable(ctx.queryParam("split")).orElse("public");
        List<Standing> board = switch (split) {
            case "public" -> arena.publicBoard(ctx.pathParam("name"));
            case "private" -> arena.privateBoard(Auth.principal(ctx), ctx.pathParam("name"));
            default -> throw ChorusException.invalid("split must be public or private");
        };
        ctx.json(Map.of("split", split, "standings", board.stream().map(CompetitionRoutes::standing).toList()));
    }

    private byte[] csvBody(Context ctx) {
        return fileBody(ctx, maxFileBytes);
    }

    /** The raw body, refused with 413 when its declared length, or what arrives, passes {@code maxFileBytes}. */
    static byte[] fileBody(Context ctx, int maxFileBytes) {
        long declared = ctx.contentLength();
        if (declared > maxFileBytes) {
            throw tooLarge(declared, maxFileBytes);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes(maxFileBytes + 1);
            if (body.length > maxFileBytes) {
                throw tooLarge(body.length, maxFileBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer to a solution or submission file above {@code max} bytes (also the pages' upload forms'). */
    public static ChorusException tooLarge(long size, long max) {
        return new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the file is " + size + " bytes or more; at most " + max + " bytes are accepted");
    }

    /** The file limit of a server whose request body limit is {@code maxBodyBytes}. */
    public static int maxFileBytes(long maxBodyBytes) {
        return (int) Math.min(Arena.MAX_FILE_BYTES, maxBodyBytes);
    }

    /** The body as a spec, with the API's defaults and checks (the host's form uses it too). */
    public static CompetitionSpec spec(CompetitionBody b) {
        if (b.phases() == null) {
            throw ChorusException.invalid("phases is required: [{\"name\", \"start\", \"end\", \"dailyCap\"}] with UTC times");
        }
        List<Phase> phases = b.phases().stream().map(p -> {
            if (p == null) {
                throw ChorusException.invalid("a phase must be an object");
            }
            return new Phase(p.name(), instant("phase start", p.start()), instant("phase end", p.end()), p.dailyCap() == null ? 5 : p.dailyCap());
        }).toList();
        Metric metric = Metric.parse(b.metric());
        return new CompetitionSpec(b.name(), b.title(), b.description(), b.rules(), b.datasetRepo(), metric,
                b.k() == null ? (metric.family() == Metric.Family.RANKINGS ? 10 : 0) : b.k(),
                b.mode() == null ? BoardMode.EXACT : BoardMode.parse(b.mode()), b.roundDigits() == null ? 5 : b.roundDigits(),
                b.publicPercent() == null ? 30 : b.publicPercent(), b.maxTeamSize() == null ? 5 : b.maxTeamSize(),
                b.selectionLimit() == null ? 2 : b.selectionLimit(), Boolean.TRUE.equals(b.lateSubmissions()),
                b.mergeDeadline() == null ? null : instant("mergeDeadline", b.mergeDeadline()), phases, SubmissionKind.parse(b.submissions()),
                b.testInputs());
    }

    private static Instant instant(String what, String text) {
        if (text == null) {
            throw ChorusException.invalid(what + " is required (UTC, e.g. 2026-03-01T00:00:00Z)");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ChorusException.invalid(what + " must be a UTC time such as 2026-03-01T00:00:00Z");
        }
    }

    /** A competition as the caller sees it: its dataset only while they may read it ({@link Arena#dataset}). */
    private Map<String, Object> competition(Context ctx, Competition c) {
        CompetitionSpec s = c.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", s.name());
        m.put("title", s.title());
        m.put("description", s.description());
        m.put("rules", s.rules());
        m.put("datasetRepo", arena.dataset(Auth.principal(ctx), c).orElse(null));
        m.put("host", c.host());
        m.put("metric", s.metric().wire());
        m.put("k", s.k());
        m.put("mode", s.mode().wire());
        m.put("roundDigits", s.roundDigits());
        m.put("publicPercent", s.publicPercent());
        m.put("maxTeamSize", s.maxTeamSize());
        m.put("selectionLimit", s.selectionLimit());
        m.put("lateSubmissions", s.lateSubmissions());
        m.put("mergeDeadline", s.mergeDeadline() == null ? null : s.mergeDeadline().toString());
        m.put("phases", s.phases().stream().map(p -> Map.of("name", p.name(), "start", p.startsAt().toString(), "end", p.endsAt().toString(),
                "dailyCap", p.dailyCap())).toList());
        m.put("submissions", s.submissions().wire());
        m.put("testInputs", s.testInputs());
        m.put("testRows", c.testRows());
        m.put("createdAt", c.createdAt().toString());
        m.put("endsAt", c.endsAt().toString());
        m.put("closedAt", c.closedAt() == null ? null : c.closedAt().toString());
        return m;
    }

    private static Map<String, Object> submission(Submission s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("team", s.team());
        m.put("user", s.user());
        m.put("message", s.message());
        m.put("submittedAt", s.submittedAt().toString());
        m.put("status", s.status());
        m.put("late", s.late());
        m.put("selected", s.selected());
        m.put("score", s.shownScore());
        if (s.publicScore() != null) {
            m.put("publicScore", s.publicScore());
        }
        if (s.privateScore() != null) {
            m.put("privateScore", s.privateScore());
        }
        m.put("error", s.error());
        if (s.model() != null) {
            m.put("model", s.model());
            m.put("modelCommit", s.modelCommit());
        }
        return m;
    }

    private static Map<String, Object> standing(Standing s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", s.rank());
        m.put("team", s.team());
        m.put("members", s.members());
        m.put("score", s.score());
        m.put("submissions", s.submissions());
        m.put("lastSubmission", s.lastSubmission().toString());
        if (s.shakeUp() != null) {
            m.put("shakeUp", s.shakeUp());
        }
        return m;
    }

    private static Map<String, Object> job(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("submission", j.key());
        m.put("state", j.state().wire());
        m.put("attempts", j.attempts());
        m.put("worker", j.worker());
        m.put("leaseExpiresAt", j.leaseExpiresAt() == null ? null : j.leaseExpiresAt().toString());
        m.put("blame", j.blame() == null ? null : j.blame().wire());
        m.put("error", j.error());
        m.put("updatedAt", j.updatedAt().toString());
        return m;
    }
}
