package org.chorus.server.web.fl;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.federated.Coordinator;
import org.chorus.federated.PrivacySpec;
import org.chorus.federated.TaskSpec;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.Repos;
import org.chorus.server.fl.FederatedTasks;
import org.chorus.server.fl.HubModelPorts;
import org.chorus.server.fl.TaskRounds;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.MlViews;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;

/**
 * Federated learning in the browser, for site admins only (the same rule as {@code /api/chorus/federations} and
 * {@code /api/chorus/federated/tasks}: a task reads and publishes models with the coordinator's rights): federations
 * with their nodes, the task list with the form that starts a task, and a task's page whose live part
 * ({@code …/timeline}) htmx fetches again every 3 s while the task runs. Signed out: the sign-in page; others: 403.
 */
public final class FederatedPages {
    static final List<String> STRATEGIES = List.of("fedavg", "fedprox", "fedavgm", "fedadam", "fedadagrad", "fedyogi", "fedmedian",
            "fedtrimmedavg", "krum", "multikrum", "bulyan");

    private final WebAuth auth;
    private final Repos repos;
    private final MlViews ml;

    public FederatedPages(WebAuth auth, Repos repos, MlViews ml) {
        this.auth = auth;
        this.repos = repos;
        this.ml = ml;
    }

    public void federations(Context ctx) {
        admin(ctx);
        List<FlViews.Federation> out = new ArrayList<>();
        for (Coordinator.FederationView f : coordinator().federations()) {
            List<FlViews.NodeRow> nodes = coordinator().nodes(f.name()).stream().map(n -> new FlViews.NodeRow(n.name(), n.connected(), n.sdk(),
                    n.language(), n.capabilities(), Instant.ofEpochMilli(n.registeredAt()),
                    n.lastSeenAt() == null ? null : Instant.ofEpochMilli(n.lastSeenAt()))).toList();
            out.add(new FlViews.Federation(f.name(), Instant.ofEpochMilli(f.createdAt()), f.tasks(), nodes));
        }
        Pages.render(ctx, "fl/federations.jte", new FlViews.Federations(auth.shell(ctx, "Federations"), out));
    }

    public void tasks(Context ctx) {
        admin(ctx);
        renderTasks(ctx, FlViews.TaskForm.empty(), 200);
    }

    private void renderTasks(Context ctx, FlViews.TaskForm form, int status) {
        List<FlViews.TaskRow> rows = coordinator().tasks().stream().map(t -> new FlViews.TaskRow(t.name(), Links.federatedTask(t.id(), ""), t.status(),
                t.completedRounds(), t.spec().rounds(), t.spec().federation(), Instant.ofEpochMilli(t.createdAt()))).toList();
        List<String> federations = coordinator().federations().stream().map(Coordinator.FederationView::name).toList();
        Pages.render(ctx, status, "fl/tasks.jte", new FlViews.Tasks(auth.shell(ctx, "Federated tasks"), rows, federations, STRATEGIES, form));
    }

    /** POST {@code /federated/tasks}: the form's task, with the checks of {@code POST /api/chorus/federated/tasks}; 303 to its page. */
    public void create(Context ctx) {
        Principal admin = admin(ctx);
        FlViews.TaskForm form = new FlViews.TaskForm(text(ctx, "federation"), text(ctx, "name"), text(ctx, "baseRepo"), text(ctx, "baseRevision"),
                text(ctx, "publishRepo"), text(ctx, "strategy"), text(ctx, "rounds"), text(ctx, "clientsPerRound"), text(ctx, "minClients"),
                text(ctx, "roundTimeoutS"), text(ctx, "privacy"), text(ctx, "noiseMultiplier"), text(ctx, "clipNorm"), text(ctx, "epsilonBudget"), null);
        String id;
        try {
            id = FederatedTasks.start(coordinator(), repos, admin, spec(form));
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.PERMISSION_DENIED || e.code() == ErrorCode.UNAUTHENTICATED) {
                throw e;
            }
            // a bad value, a missing federation or repository: shown above the form, which keeps what was typed
            renderTasks(ctx, new FlViews.TaskForm(form.federation(), form.name(), form.baseRepo(), form.baseRevision(), form.publishRepo(),
                    form.strategy(), form.rounds(), form.clientsPerRound(), form.minClients(), form.roundTimeoutS(), form.privacy(),
                    form.noiseMultiplier(), form.clipNorm(), form.epsilonBudget(), e.getMessage()), ErrorResponses.status(e.code()));
            return;
        }
        ctx.redirect(Links.federatedTask(id, ""), HttpStatus.SEE_OTHER);
    }

    /** The form as a task spec: the numbers parsed here, every rule checked by {@link TaskSpec}'s constructor as for the API. */
    static TaskSpec spec(FlViews.TaskForm f) {
        int clients = integer("clients per round", f.clientsPerRound());
        PrivacySpec privacy = switch (f.privacy()) {
            case "none", "" -> null;
            case "central" -> PrivacySpec.central(decimal("noise multiplier", f.noiseMultiplier()), decimal("clip norm", f.clipNorm()), 1e-5,
                    decimal("ε budget", f.epsilonBudget()));
            case "local" -> PrivacySpec.local(decimal("noise multiplier", f.noiseMultiplier()), decimal("clip norm", f.clipNorm()), 1e-5,
                    decimal("ε budget", f.epsilonBudget()));
            default -> throw ChorusException.invalid("privacy is none, central or local");
        };
        return new TaskSpec(f.federation(), f.name(), f.baseRepo(), f.baseRevision().isEmpty() ? "main" : f.baseRevision(),
                f.publishRepo().isEmpty() ? null : f.publishRepo(), f.strategy(), Map.of(), integer("rounds", f.rounds()), clients,
                integer("min clients", f.minClients()), 1.0, 1000L * integer("round timeout", f.roundTimeoutS()), 3, 1, Map.of(), 0, Map.of(), null,
                privacy, 0, 0);
    }

    public void task(Context ctx) {
        admin(ctx);
        Coordinator.TaskView t = coordinator().task(ctx.pathParam("id"));
        TaskSpec s = t.spec();
        List<FlViews.Setting> settings = List.of(new FlViews.Setting("Strategy", s.strategy() + (s.strategyParams().isEmpty() ? "" : " " + s.strategyParams())),
                new FlViews.Setting("Rounds", Integer.toString(s.rounds())),
                new FlViews.Setting("Selection", s.clientsPerRound() + " clients a round (at least " + s.minClients() + "), over-selection ×"
                        + s.overSelection() + ", " + s.roundTimeoutMs() / 1000 + " s a round, " + s.maxAttempts() + " attempts"),
                new FlViews.Setting("Base model", s.baseRepo() + "@" + s.baseRevision()),
                new FlViews.Setting("Evaluation", s.evaluateEvery() == 0 ? "at the end" : "every " + s.evaluateEvery() + " round(s)"),
                new FlViews.Setting("Privacy", s.privacy() == null ? "none" : s.privacy().mode() + " DP, noise ×" + s.privacy().noiseMultiplier()
                        + ", clip " + s.privacy().clipNorm() + ", δ " + s.privacy().delta()
                        + (s.privacy().epsilonBudget() > 0 ? ", ε budget " + s.privacy().epsilonBudget() : "")),
                new FlViews.Setting("Secure aggregation", s.secureAggregation() == null ? "off" : s.secureAggregation().mode()),
                new FlViews.Setting("Defences", (s.normBound() > 0 ? "norm bound " + s.normBound() : "no norm bound")
                        + (s.maxExamplesPerClient() > 0 ? ", at most " + s.maxExamplesPerClient() + " examples a client" : "")));
        RepoId publish = s.publishRepo() == null ? null : HubModelPorts.modelRepo(s.publishRepo());
        Pages.render(ctx, "fl/task.jte", new FlViews.Task(auth.shell(ctx, t.name() + " · Federated task"), t.id(), t.name(), s.federation(),
                Instant.ofEpochMilli(t.createdAt()), settings, s.publishRepo(), publish == null ? null : Links.repo(publish),
                publish == null ? null : Links.commits(publish, "main", 0), live(ctx, t, publish)));
    }

    /** GET {@code …/timeline}: only the live part, for htmx to swap in. */
    public void timeline(Context ctx) {
        admin(ctx);
        Coordinator.TaskView t = coordinator().task(ctx.pathParam("id"));
        RepoId publish = t.spec().publishRepo() == null ? null : HubModelPorts.modelRepo(t.spec().publishRepo());
        Pages.render(ctx, "fl/live.jte", live(ctx, t, publish));
    }

    private FlViews.Live live(Context ctx, Coordinator.TaskView t, RepoId publish) {
        TaskRounds rounds = TaskRounds.of(t);
        List<FlViews.RoundLine> lines = rounds.timeline().stream().map(r -> new FlViews.RoundLine(r,
                publish == null || r.revision() == null ? null : Links.tree(publish, r.revision(), ""))).toList();
        Double spent = null;
        for (TaskRounds.Round r : rounds.timeline()) {
            if (r.epsilonSpent() != null) {
                spent = r.epsilonSpent();
            }
        }
        Integer percent = spent == null || rounds.epsilonBudget() == null ? null
                : (int) Math.min(100, Math.round(100 * spent / rounds.epsilonBudget()));
        String runHref = null;
        if (t.runId() != null) {
            try {
                runHref = Links.run(ml.tracking().getRun(t.runId()).info().experimentId(), t.runId());
            } catch (ChorusException e) {
                runHref = null; // the run was deleted: named, not linked
            }
        }
        return new FlViews.Live(t.id(), t.status(), t.message(), t.completedRounds(), rounds.rounds(), lines, RoundChart.of(rounds.timeline(), rounds.rounds()),
                spent, rounds.epsilonBudget(), percent, t.runId(), runHref, FlViews.active(t) ? Links.federatedTask(t.id(), "timeline") : null,
                auth.shell(ctx, "").csrf());
    }

    /** POST {@code …/pause}, {@code …/resume}, {@code …/stop}: as the API's; a task not in a state for it is 409. */
    public void control(Context ctx, String action) {
        admin(ctx);
        String id = ctx.pathParam("id");
        switch (action) {
            case "pause" -> coordinator().pause(id);
            case "resume" -> coordinator().resume(id);
            case "stop" -> coordinator().stop(id);
            default -> throw new IllegalArgumentException(action);
        }
        ctx.redirect(Links.federatedTask(id, ""), HttpStatus.SEE_OTHER);
    }

    private Principal admin(Context ctx) {
        Principal p = auth.required(ctx);
        p.requireSiteAdmin();
        return p;
    }

    private Coordinator coordinator() {
        return ml.coordinator();
    }

    private static String text(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v.strip();
    }

    private static int integer(String what, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(what + " must be a whole number");
        }
    }

    private static double decimal(String what, String text) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // the one message below
        }
        throw ChorusException.invalid(what + " must be a number");
    }
}
