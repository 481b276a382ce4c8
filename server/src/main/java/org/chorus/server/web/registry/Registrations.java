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
}
