package org.chorus.server.web.hub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.chorus.server.web.Links;

/**
 * The metadata panel of a card, read from the front matter the hub already parsed into {@code Repo.cardData}: licence,
 * task, library, languages, datasets (linked), base models (linked, with their relation). Values of the wrong YAML
 * shape are skipped, never an error: the card is the owner's text.
 */
public record CardMetadata(List<String> licenses, String task, String library, List<String> languages,
                           List<Link> datasets, List<Link> baseModels, String relation, List<String> tags) {

    /** A value that links somewhere on this site. */
    public record Link(String label, String href) {}

    public boolean isEmpty() {
        return licenses.isEmpty() && task == null && library == null && languages.isEmpty() && datasets.isEmpty()
                && baseModels.isEmpty() && tags.isEmpty();
    }

    static CardMetadata of(Map<String, Object> card) {
        Map<String, Object> d = card == null ? Map.of() : card;
        String relation = string(d.get("base_model_relation"));
        return new CardMetadata(strings(d.get("license")), string(d.get("pipeline_tag")), string(d.get("library_name")),
                strings(d.get("language")),
                strings(d.get("datasets")).stream().map(s -> new Link(s, Links.datasetPage(s))).toList(),
                strings(d.get("base_model")).stream().map(s -> new Link(s, Links.modelPage(s))).toList(),
                relation, strings(d.get("tags")));
    }

    private static String string(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof String s && !s.isBlank()) {
            out.add(s);
        } else if (o instanceof Collection<?> c) {
            for (Object item : c) {
                if (item instanceof String s && !s.isBlank()) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
