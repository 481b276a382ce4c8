package org.chorus.server.web.registry;

import java.time.Instant;
import java.util.List;
import org.chorus.server.web.Shell;

/** The registry pages' views: the models list, a model with its versions, one version. */
public final class RegistryViews {
    private RegistryViews() {}

    /** One registered model in the list: its latest version and when it changed. */
    public record ModelRow(String name, String href, String description, Integer latestVersion, Instant updated) {}

    public record Models(Shell shell, List<ModelRow> models, String nextHref) {}

    /** Where a version came from: the run (link null when the caller may not read it) and the hub revision its files are at. */
    public record Origin(String source, String runId, String runHref, String hubRepo, String hubHref, String hubCommit) {}

    public record VersionRow(int version, String href, String stage, List<String> aliases, String user, Instant created, Origin origin) {}

    public record Alias(String name, int version, String versionHref) {}

    public record Tag(String key, String value) {}

    /** {@code canEdit}: the caller holds EDIT on the model with a write-capable session, so the forms are shown. */
    public record Model(Shell shell, String name, String href, String description, List<Tag> tags, List<Alias> aliases,
                        List<VersionRow> versions, boolean canEdit, String error) {}

    public record Version(Shell shell, String model, String modelHref, int version, String stage, String description, List<String> aliases,
                          List<Tag> tags, String user, Instant created, Instant updated, String status, Origin origin, boolean canEdit,
                          List<String> stages, String error) {}
}
