package org.chorus.tracking;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.Names;

/** Finds a version's run artifacts, writes its card, and hands both to the hub port in one commit. */
final class VersionPublisher implements RegistryPublishing {
    private static final String RUNS = "runs:/";
    private static final String PROXY = "mlflow-artifacts:";
    private static final String CARD = "README.md";

    private final ModelRegistry registry;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final TrackingAccess access;

    VersionPublisher(ModelRegistry registry, TrackingStore tracking, ArtifactStore artifacts, TrackingAccess access) {
        this.registry = registry;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.access = access;
    }

    @Override
    public void checkSource(String source, ModelPublisher hub) {
        ModelSource.validate(source);
        ModelSource.hubRevision(source).ifPresent(r -> hub.requireWritableRevision(r.owner(), r.repo(), r.commit()));
    }

    @Override
    public Publication publish(Caller caller, String name, int number, String repo, boolean isPrivate, ModelPublisher hub) {
        String[] target = target(repo);
        access.requireModel(caller, name, Permission.EDIT);
        ModelVersion version = registry.getVersion(name, number);
        if (version.runId() == null) {
            throw ChorusException.invalid("Model version (name=" + name + ", version=" + number + ") was not registered from a run"
                    + " (it has no run_id), so there are no run artifacts to publish");
        }
        String runSource = version.tags().getOrDefault(RUN_SOURCE_TAG, version.source());
        // The card shows the run and the commit copies its files: both must be the caller's to read.
        access.requireRun(caller, version.runId(), Permission.READ);
        Run run = tracking.getRun(version.runId());
        String dir = artifactDir(runSource);
        access.requireArtifact(caller, dir, Permission.READ);
        List<ModelPublisher.File> files = new ArrayList<>();
        collect(dir, dir, files);
        if (files.isEmpty()) {
            throw ChorusException.invalid("Run " + run.info().runId() + " has no artifacts under '" + runSource
                    + "': log the model's files there before publishing");
        }
        files.removeIf(f -> f.path().equals(CARD));
        byte[] card = PublishCard.render(version, runSource, run, tracking.getExperiment(run.info().experimentId()))
                .getBytes(StandardCharsets.UTF_8);
        files.add(new ModelPublisher.File(CARD, () -> new ByteArrayInputStream(card)));
        String commit = hub.commit(target[0], target[1], isPrivate, "Publish " + name + " version " + number + " from run "
                + run.info().runId(), files);
        String source = new ModelSource.HubRevision(target[0], target[1], commit).uri();
        return new Publication(registry.relink(name, number, source, Map.of(RUN_SOURCE_TAG, runSource)), target[0], target[1], commit);
    }

    private static String[] target(String repo) {
        String[] parts = repo == null ? new String[0] : repo.split("/", -1);
        if (parts.length != 2) {
            throw ChorusException.invalid("Invalid repository '" + repo + "': expected owner/name");
        }
        return new String[] {Names.require("repository owner", parts[0]), Names.require("repository name", parts[1])};
    }

    /** The artifact-store directory a run source names: {@code runs:/<run>/<path>} or {@code mlflow-artifacts:/<path>}. */
    private String artifactDir(String source) {
        if (source.startsWith(RUNS)) {
            String rest = source.substring(RUNS.length());
            int slash = rest.indexOf('/');
            String root = tracking.getRun(slash < 0 ? rest : rest.substring(0, slash)).info().artifactUri();
            if (!root.startsWith(PROXY)) {
                throw ChorusException.invalid("The run's artifacts are at '" + root + "', outside this server's artifact store");
            }
            return ArtifactPaths.require(proxyPath(root) + (slash < 0 ? "" : rest.substring(slash)), false);
        }
        if (source.startsWith(PROXY)) {
            return ArtifactPaths.require(proxyPath(source), false);
        }
        throw ChorusException.invalid("Only versions whose source is runs:/… or mlflow-artifacts:/… can be published, not '" + source + "'");
    }

    /** {@code mlflow-artifacts:/a/b} and {@code mlflow-artifacts://host/a/b} both name the store path {@code a/b}. */
    private static String proxyPath(String uri) {
        String rest = uri.substring(PROXY.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return rest.replaceFirst("^/+", "").replaceFirst("/+$", "");
    }

    private void collect(String root, String dir, List<ModelPublisher.File> out) {
        for (ArtifactStore.Entry e : artifacts.list(dir)) {
            if (e.isDir()) {
                collect(root, e.path(), out);
            } else {
                String path = e.path();
                out.add(new ModelPublisher.File(root.isEmpty() ? path : path.substring(root.length() + 1), () -> artifacts.get(path)));
            }
        }
    }
}
