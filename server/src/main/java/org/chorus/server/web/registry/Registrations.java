package org.chorus.server.web.registry;

import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.server.mlflow.Callers;
import org.chorus.server.web.Links;
import org.chorus.tracking.Caller;
import org.chorus.tracking.ModelRegistry;

/**
 * The registry versions whose source is a revision of a hub repository ({@code chorus://owner/name@commit}), for the
 * repository page's "Registered as {model} v{n}": only versions of models the caller may read, as
 * {@code model-versions/search} answers them.
 */
public final class Registrations {
    private static final int MAX_SHOWN = 20;

    /** One version pointing at the repository, at {@code commit}. */
    public record Registration(String model, int version, String href, String commit, String commitHref) {}

    /** One version registered from a run; {@code repo} and its revision when its source is a hub revision, else null. */
    public record FromRun(String model, int version, String href, String repo, String repoHref, String commit, String commitHref) {}

    private final ModelRegistry registry;

    public Registrations(ModelRegistry registry) {
        this.registry = registry;
    }

    public List<Registration> of(Optional<Principal> caller, RepoId repo) {
        if (repo.type() != org.chorus.hub.repos.RepoType.MODEL) {
            return List.of();
        }
        Caller c = caller.map(Callers::of).orElse(Caller.anonymous());
        // owner and name are validated hub names (letters, digits, '-', '_', '.'): nothing in them can end the quoted
        // literal; LIKE's '_' may match more, so each source is parsed and compared below
        String filter = "source_path LIKE 'chorus://" + repo.owner() + "/" + repo.name() + "@%'";
        return registry.searchVersions(c, filter, MAX_SHOWN, List.of("version_number DESC"), null).items().stream()
                .flatMap(v -> RegistryPages.hubRevision(v.source())
                        .filter(h -> h.owner().equals(repo.owner()) && h.repo().equals(repo.name()))
                        .map(h -> new Registration(v.name(), v.version(), Links.modelVersion(v.name(), v.version()), h.commit().substring(0, 10),
                                Links.tree(repo, h.commit(), "")))
                        .stream())
                .toList();
    }

    /** The versions whose run is {@code runId}, for the run page's "Registered as {model} v{n}" (models the caller may read). */
    public List<FromRun> ofRun(Caller caller, String runId) {
        if (!runId.matches("[A-Za-z0-9_-]+")) {
            return List.of();
        }
        return registry.searchVersions(caller, "run_id = '" + runId + "'", MAX_SHOWN, List.of("name ASC", "version_number DESC"), null)
                .items().stream().map(v -> {
                    var hub = RegistryPages.hubRevision(v.source());
                    RepoId repo = hub.map(h -> RepoId.of(org.chorus.hub.repos.RepoType.MODEL, h.owner(), h.repo())).orElse(null);
                    return new FromRun(v.name(), v.version(), Links.modelVersion(v.name(), v.version()),
                            repo == null ? null : repo.owner() + "/" + repo.name(), repo == null ? null : Links.repo(repo),
                            hub.map(h -> h.commit().substring(0, 10)).orElse(null),
                            hub.map(h -> Links.tree(repo, h.commit(), "")).orElse(null));
                }).toList();
    }
}
