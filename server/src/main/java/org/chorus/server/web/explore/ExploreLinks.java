package org.chorus.server.web.explore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.chorus.discovery.EcosystemChoice;

/** The explorer pages' URLs; each carries the ecosystem when it is not the live hub. */
public record ExploreLinks(String ecosystem) {
    static ExploreLinks of(String ecosystem) {
        return new ExploreLinks(EcosystemChoice.isHub(ecosystem) ? null : ecosystem);
    }

    public String modelverse(String sort, String size, int page) {
        return with("/explore/modelverse?sort=" + sort + "&size=" + size + (page > 0 ? "&p=" + page : ""));
    }

    public String organization(String name) {
        return with("/explore/organizations/" + encode(name) + "?");
    }

    public String dataverse(int page) {
        return with("/explore/dataverse?" + (page > 0 ? "p=" + page : ""));
    }

    /** The families ranking, page {@code page} (0 first). */
    public String families(int page) {
        return with("/explore/families?" + (page > 0 ? "p=" + page : ""));
    }

    /** A model's family tree page. */
    public String family(String fullName) {
        return with("/explore/families/" + fullName + "?");
    }

    /** Where a model's name links: its page on the live hub; in an imported ecosystem (no repository here) its family tree. */
    public String model(String fullName) {
        return ecosystem == null ? org.chorus.server.web.Links.modelPage(fullName) : family(fullName);
    }

    /** The models whose cards name the dataset ({@code dataset:} tag), on the live hub's list. */
    public static String modelsTrainedOn(String dataset) {
        return "/models?filter=" + encode("dataset:" + dataset);
    }

    /** An owner's models with a task (none: all its models), on the live hub's list. */
    public static String modelsOf(String owner, String task) {
        return "/models?author=" + encode(owner) + (task == null ? "" : "&filter=" + encode(task));
    }

    private String with(String url) {
        String joined = ecosystem == null ? url : url + (url.endsWith("?") ? "" : "&") + "ecosystem=" + encode(ecosystem);
        return joined.endsWith("?") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
