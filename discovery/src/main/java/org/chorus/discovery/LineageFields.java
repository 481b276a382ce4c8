package org.chorus.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.util.BytesRef;
import org.chorus.hub.repos.Repo;

/**
 * The fields a family tree and lineage drift read, added to every model's document: the bases its card names and by
 * which relation, and what drift compares between a model and its base (licence, languages, card length). All doc
 * values, so walking a family of 100,000 models reads no stored field. Read from the row's tags
 * ({@code base_model:{repo}}, {@code base_model:{relation}:{repo}}), the form an imported snapshot's rows take too.
 */
final class LineageFields {
    /** The repository's id as written (the lower-cased one is {@link RepoDocuments#NAME_SORT}). */
    static final String FULL_NAME = "full_name";
    /** Each base the card names, lower-cased: a generation's children are the documents with a base in the frontier. */
    static final String BASE = "base";
    /** Each base as {@code relation + SEP + base as written}. */
    static final String LINEAGE = "lineage";
    static final String LICENSE = "license_first";
    static final String LANGUAGES = "languages";
    static final String CARD_LENGTH = "card_length";
    static final char SEP = '\u0001';
    /** Facet dimensions (their own index field, so the list pages' facet counts do not walk them). */
    static final String DIM_BASE = "base_model";
    static final String DIM_RELATION = "base_relation";
    static final String FACET_FIELD = "$lineage";
    static final List<String> RELATIONS = List.of("adapter", "finetune", "merge", "quantized");
    private static final String PREFIX = "base_model:";
    private static final int MAX_VALUE = 200;

    private LineageFields() {}

    static void configure(FacetsConfig config) {
        for (String dim : List.of(DIM_BASE, DIM_RELATION)) {
            config.setMultiValued(dim, true);
            config.setIndexFieldName(dim, FACET_FIELD);
        }
    }

    /** A base model and the relation of the model to it. */
    record Base(String name, String relation) {
        String key() {
            return name.toLowerCase(Locale.ROOT);
        }

        String encoded() {
            return relation + SEP + name;
        }

        static Base decode(String value) {
            int at = value.indexOf(SEP);
            return new Base(value.substring(at + 1), value.substring(0, at));
        }
    }

    static void add(Document d, Repo r, String cardText) {
        d.add(new SortedDocValuesField(FULL_NAME, new BytesRef(r.fullName())));
        for (Base b : bases(r)) {
            d.add(new StringField(BASE, b.key(), Field.Store.NO));
            d.add(new SortedSetDocValuesField(LINEAGE, new BytesRef(b.encoded())));
            d.add(new SortedSetDocValuesFacetField(DIM_BASE, b.key()));
            d.add(new SortedSetDocValuesFacetField(DIM_RELATION, b.relation() + ":" + b.key()));
        }
        String licence = licence(r);
        if (licence != null) {
            d.add(new SortedDocValuesField(LICENSE, new BytesRef(licence)));
        }
        for (String language : languages(r)) {
            d.add(new SortedSetDocValuesField(LANGUAGES, new BytesRef(language)));
        }
        d.add(new NumericDocValuesField(CARD_LENGTH, cardText == null ? 0 : cardText.length()));
    }

    /**
     * The bases the row's tags name, each with its relation: the one the hub wrote ({@code base_model:{relation}:…},
     * from the card's {@code base_model_relation} or the files), else inferred from the row as the Hub does — a PEFT
     * library or tag is an adapter, GGUF a quantization, several bases a merge, anything else a fine-tune.
     */
    static List<Base> bases(Repo r) {
        Map<String, String> relationOf = new LinkedHashMap<>();
        Set<String> named = new LinkedHashSet<>();
        for (String tag : r.tags()) {
            if (!tag.startsWith(PREFIX)) {
                continue;
            }
            String rest = tag.substring(PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon > 0 && RELATIONS.contains(rest.substring(0, colon))) {
                relationOf.putIfAbsent(rest.substring(colon + 1), rest.substring(0, colon));
            } else if (!rest.isEmpty()) {
                named.add(rest);
            }
        }
        named.addAll(relationOf.keySet());
        List<Base> out = new ArrayList<>();
        for (String name : named) {
            if (name.length() <= MAX_VALUE && name.indexOf(SEP) < 0) {
                out.add(new Base(name, relationOf.getOrDefault(name, inferred(r, named.size()))));
            }
        }
        return out;
    }

    private static String inferred(Repo r, int bases) {
        if ("peft".equals(r.libraryName()) || r.tags().contains("peft")) {
            return "adapter";
        }
        if ("gguf".equals(r.libraryName()) || r.tags().contains("gguf")) {
            return "quantized";
        }
        return bases > 1 ? "merge" : "finetune";
    }

    /** The first licence the tags name (the one drift compares), or null. */
    private static String licence(Repo r) {
        return r.tags().stream().filter(t -> t.startsWith("license:")).map(t -> t.substring("license:".length()))
                .filter(l -> !l.isEmpty() && l.length() <= MAX_VALUE).findFirst().orElse(null);
    }

    /** The row's side of a drift edge, as {@link #LICENSE} and {@link #LANGUAGES} index it. */
    static DriftEdge.Side side(Repo r) {
        return DriftEdge.Side.of(licence(r), languages(r));
    }

    /** The card's languages that are also tags (as the language facet counts them). */
    private static List<String> languages(Repo r) {
        Object declared = r.cardData() == null ? null : r.cardData().get("language");
        List<String> out = new ArrayList<>();
        if (declared instanceof String s) {
            out.add(s.strip());
        } else if (declared instanceof List<?> list) {
            list.stream().filter(e -> e instanceof String).forEach(e -> out.add(((String) e).strip()));
        }
        return out.stream().filter(l -> !l.isEmpty() && l.length() <= MAX_VALUE && r.tags().contains(l)).distinct().toList();
    }
}
