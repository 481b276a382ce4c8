package org.chorus.server.hf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.chorus.hub.repos.CommitInfo;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.chorus.hub.repos.TreeEntry;

/** Repository, tree and commit JSON in the shapes the Hugging Face clients read. */
final class RepoJson {
    /** Fields a listing shows when no {@code expand} is given. */
    static final Set<String> LIST_DEFAULT = Set.of("likes", "downloads", "private", "tags", "pipeline_tag", "library_name",
            "createdAt", "lastModified", "gated", "trendingScore");
    /** What a listing adds with {@code full=true}, as the Hub's does ({@code cardData=true} adds the card's metadata). */
    static final Set<String> LIST_FULL = Set.of("author", "sha", "siblings", "disabled", "downloadsAllTime");

    private RepoJson() {}

    /**
     * The repository with the fields in {@code expand}; an empty set means every cheap field.
     * {@code siblings} and {@code lineage} are computed only when asked for.
     */
    static Map<String, Object> repo(Repo r, Set<String> expand, Supplier<List<TreeEntry>> siblings, Supplier<Repos.Lineage> lineage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", r.id());
        m.put("id", r.fullName());
        if (r.type() == RepoType.MODEL) {
            m.put("modelId", r.fullName());
        }
        put(m, expand, "author", r.repoId().owner());
        put(m, expand, "sha", r.sha());
        put(m, expand, "lastModified", r.lastModified().toString());
        put(m, expand, "createdAt", r.createdAt().toString());
        put(m, expand, "private", r.isPrivate());
        put(m, expand, "gated", false);
        put(m, expand, "disabled", false);
        put(m, expand, "downloads", r.downloads());
        put(m, expand, "downloadsAllTime", r.downloadsAllTime());
        put(m, expand, "likes", r.likes());
        put(m, expand, "trendingScore", r.trendingScore());
        put(m, expand, "tags", r.tags());
        if (r.type() == RepoType.MODEL) {
            put(m, expand, "pipeline_tag", r.pipelineTag());
            put(m, expand, "library_name", r.libraryName());
        }
        if (r.cardData() != null) {
            put(m, expand, "cardData", r.cardData());
        }
        if (expand.isEmpty() || expand.contains("siblings")) {
            m.put("siblings", siblings.get().stream().filter(e -> !e.directory()).map(e -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("rfilename", e.path());
                return s;
            }).toList());
        }
        if (r.type() == RepoType.MODEL && (expand.isEmpty() || expand.contains("baseModels") || expand.contains("childrenModelCount"))) {
            Repos.Lineage l = lineage.get();
            if (expand.isEmpty() || expand.contains("baseModels")) {
                m.put("baseModels", l.baseModels().isEmpty() ? null
                        : Map.of("relation", l.relation(), "models", l.baseModels().stream().map(id -> Map.of("id", id)).toList()));
            }
            if (expand.isEmpty() || expand.contains("childrenModelCount")) {
                m.put("childrenModelCount", l.childrenCount());
            }
        }
        return m;
    }

    private static void put(Map<String, Object> m, Set<String> expand, String key, Object value) {
        if (expand.isEmpty() || expand.contains(key)) {
            m.put(key, value);
        }
    }

    static Map<String, Object> entry(TreeEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.directory() ? "directory" : "file");
        m.put("oid", e.oid());
        m.put("size", e.size());
        m.put("path", e.path());
        if (e.lfs() != null) {
            m.put("lfs", Map.of("oid", e.lfs().oid(), "size", e.lfs().size(), "pointerSize", e.lfs().pointerSize()));
        }
        if (e.lastCommit() != null) {
            m.put("lastCommit", Map.of("id", e.lastCommit().id(), "title", e.lastCommit().title(), "date", e.lastCommit().date().toString()));
        }
        return m;
    }

    static Map<String, Object> commit(CommitInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("title", c.title());
        m.put("message", c.message());
        m.put("authors", c.authors().stream().map(a -> Map.of("user", a, "avatar", "")).toList());
        m.put("date", c.date().toString());
        return m;
    }
}
