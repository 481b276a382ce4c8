package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;

/**
 * "Use this model": the same download with each client, pointed at this server ({@code endpoint}: the URL the browser
 * used, as {@code HubRequests.base} reads it behind a proxy). Text only: the template escapes it.
 */
final class Snippets {
    private Snippets() {}

    static List<CardExtras.Snippet> of(Repo repo, String endpoint) {
        String id = repo.fullName();
        boolean dataset = repo.type() == RepoType.DATASET;
        String python = "from huggingface_hub import snapshot_download\n\n"
                + "path = snapshot_download(\"" + id + "\"" + (dataset ? ", repo_type=\"dataset\"" : "")
                + ", endpoint=\"" + endpoint + "\")";
        String js = "import { downloadFile } from \"@huggingface/hub\";\n\n"
                + "const blob = await downloadFile({\n  repo: " + (dataset ? "{ type: \"dataset\", name: \"" + id + "\" }" : "\"" + id + "\"")
                + ",\n  path: \"README.md\",\n  hubUrl: \"" + endpoint + "\",\n});";
        String git = "git clone " + endpoint + "/" + repo.type().urlPrefix() + id;
        String cli = "chorus download " + repo.type().urlPrefix() + id + " --local-dir ./" + repo.repoId().name();
        String java = "ChorusClient chorus = ChorusClient.connect(\"" + endpoint + "\", System.getenv(\"HF_TOKEN\"));\n"
                + "HubClient hub = chorus.hub(Path.of(System.getProperty(\"user.home\"), \".chorus\"));\n"
                + "Path readme = hub.download(RepoId.parse(\"" + repo.type().urlPrefix() + id + "\"), \"main\", \"README.md\",\n"
                + "        Path.of(\"cache\"), ProgressListener.NONE);";
        return List.of(new CardExtras.Snippet("huggingface_hub", "use-python", python),
                new CardExtras.Snippet("huggingface.js", "use-js", js),
                new CardExtras.Snippet("git", "use-git", git),
                new CardExtras.Snippet("chorus", "use-cli", cli),
                new CardExtras.Snippet("Java SDK", "use-java", java));
    }
}
