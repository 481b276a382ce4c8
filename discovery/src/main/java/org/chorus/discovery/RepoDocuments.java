package org.chorus.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.util.BytesRef;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoFacets.Facet;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.semantic.KeywordFields;
import org.chorus.semantic.SemanticSearch;

/**
 * A repository as a Lucene document and back. Filters are exact terms ({@link #TAG}, {@link #OWNER}, …), the text
 * of name, tags and card one analysed field ({@link #TEXT}), sorts numeric doc values, facets sorted-set doc
 * values, and the row itself one stored JSON field, so a page is answered from the index alone.
 */
final class RepoDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "repo_id";
    static final String KIND = "kind";
    static final String OWNER_ID = "owner_id";
    static final String OWNER = "owner";
    static final String PRIVATE = "private";
    static final String NAME = "name_lower";
    static final String NAME_SORT = "name_sort";
    /** The lower-case id's 3-grams, for {@link NameContains}. */
    static final String NAME_GRAMS = "name_grams";
    static final String TAG = "tag";
    static final String TEXT = "text";
    static final String ROW = "row";
    static final String DOWNLOADS = "downloads";
    static final String LIKES = "likes";
    static final String TRENDING = "trending";
    static final String CREATED = "created";
    static final String MODIFIED = "modified";
    /** Columns the explorers group by (doc values; {@link #KIND} also has them): the owner as written, the task. */
    static final String OWNER_NAME = "owner_name";
    static final String PIPELINE = "pipeline";
    /** A dataset's task categories, modalities, size category and licences (tags with the Hub's prefixes, or the card's keys). */
    static final String TASK_CATEGORIES = "task_categories";
    static final String MODALITY = "modality";
    static final String SIZE = "size_categories";
    static final String LICENSE = "license";
    /** The datasets a model's card says it was trained on ({@code dataset:} tags). */
    static final String TRAINED_ON = "trained_on";
    static final String YES = "1";
    static final String NO = "0";
    /** The longest facet value counted (as {@code hub_repo_facets.value}); a sorted-set term may not exceed 32 KB. */
    private static final int MAX_FACET_VALUE = 200;

    static final FacetsConfig FACETS = facetsConfig();

    private RepoDocuments() {}

    private static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        for (Facet f : Facet.values()) {
            config.setMultiValued(f.wire(), true);
        }
        LineageFields.configure(config);
        return config;
    }

    /**
     * The row's document; with its card's embedding when {@code vector} is not null (semantic search), and a model's
     * lineage along public models ({@link Ancestry}).
     */
    static Document document(IndexRow row, float[] vector, List<Ancestry.Entry> ancestry) {
        Repo r = row.repo();
        Document d = new Document();
        d.add(new StringField(ID, r.id(), Field.Store.YES));
        d.add(new SortedDocValuesField(ID, new BytesRef(r.id())));
        d.add(new StringField(KIND, r.type().wire(), Field.Store.NO));
        d.add(new SortedDocValuesField(KIND, new BytesRef(r.type().wire())));
        d.add(new SortedDocValuesField(OWNER_NAME, new BytesRef(r.repoId().owner())));
        if (r.pipelineTag() != null && r.pipelineTag().length() <= MAX_FACET_VALUE) {
            d.add(new SortedDocValuesField(PIPELINE, new BytesRef(r.pipelineTag())));
        }
        columnValues(r).forEach((column, values) -> values.forEach(v -> d.add(new SortedSetDocValuesField(column, new BytesRef(v)))));
        d.add(new StringField(OWNER_ID, row.ownerId(), Field.Store.NO));
        d.add(new StringField(OWNER, r.repoId().owner().toLowerCase(Locale.ROOT), Field.Store.NO));
        d.add(new StringField(PRIVATE, r.isPrivate() ? YES : NO, Field.Store.NO));
        nameFields(d, r.fullName().toLowerCase(Locale.ROOT));
        for (String tag : r.tags()) {
            d.add(new StringField(TAG, tag, Field.Store.NO));
        }
        StringBuilder text = new StringBuilder(r.fullName()).append('\n');
        r.tags().forEach(t -> text.append(t).append('\n'));
        if (row.cardText() != null) {
            text.append(row.cardText());
        }
        d.add(new TextField(TEXT, text.toString(), Field.Store.NO));
        KeywordFields.add(d, r.fullName(), r.pipelineTag(), r.libraryName(), r.tags(), row.cardText());
        if (vector != null) {
            SemanticSearch.addVector(d, vector);
        }
        sortable(d, DOWNLOADS, r.downloads());
        sortable(d, LIKES, r.likes());
        sortable(d, TRENDING, r.trendingScore());
        sortable(d, CREATED, r.createdAt().toEpochMilli());
        sortable(d, MODIFIED, r.lastModified().toEpochMilli());
        facetValues(row).forEach((facet, values) -> values.forEach(v -> d.add(new SortedSetDocValuesFacetField(facet.wire(), v))));
        if (r.type() == RepoType.MODEL) {
            LineageFields.add(d, r, row.cardText());
            Ancestry.add(d, ancestry);
        }
        d.add(new StoredField(ROW, stored(r)));
        try {
            return FACETS.build(d);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lower-case id as a term (exact lookups), as 3-grams and as doc values (substring search, sort by id). */
    static void nameFields(Document d, String nameKey) {
        d.add(new StringField(NAME, nameKey, Field.Store.NO));
        NameContains.grams(nameKey).forEach(g -> d.add(new StringField(NAME_GRAMS, g, Field.Store.NO)));
        d.add(new SortedDocValuesField(NAME_SORT, new BytesRef(nameKey)));
    }

    /**
     * A sort key: its doc values, and the same value as a point, from which a sort by it skips the documents that can no
     * longer make the page (Lucene's sort optimisation): a list of 1.7M models sorted by trending reads a few blocks.
     */
    private static void sortable(Document d, String field, long value) {
        d.add(new NumericDocValuesField(field, value));
        d.add(new LongPoint(field, value));
    }

    /**
     * The values counted per facet, as the SQL counts define them: task and library from their columns, licences
     * from {@code license:} tags, languages the card names that are also tags, the owner if it is an organisation.
     */
    static Map<Facet, Set<String>> facetValues(IndexRow row) {
        Repo r = row.repo();
        Map<Facet, Set<String>> out = new LinkedHashMap<>();
        add(out, Facet.TASK, r.pipelineTag());
        add(out, Facet.LIBRARY, r.libraryName());
        r.tags().stream().filter(t -> t.startsWith("license:")).forEach(t -> add(out, Facet.LICENSE, t.substring("license:".length())));
        strings(r.cardData() == null ? null : r.cardData().get("language")).stream().filter(r.tags()::contains)
                .forEach(l -> add(out, Facet.LANGUAGE, l));
        if (row.ownerIsOrg()) {
            add(out, Facet.ORGANIZATION, r.repoId().owner());
        }
        return out;
    }

    /**
     * The explorers' multi-valued columns: for datasets task categories, modalities, size and licence, each from the
     * tags with the Hub's prefix ({@code task_categories:…}, as in Hub snapshots) and the card key of that name; for
     * models the datasets they were trained on.
     */
    static Map<String, Set<String>> columnValues(Repo r) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (r.type() == RepoType.DATASET) {
            for (String column : List.of(TASK_CATEGORIES, MODALITY, SIZE, LICENSE)) {
                prefixed(r, column + ":").forEach(v -> add(out, column, v));
                if (r.cardData() != null && !column.equals(LICENSE)) {
                    strings(r.cardData().get(column)).forEach(v -> add(out, column, v));
                }
            }
        } else if (r.type() == RepoType.MODEL) {
            prefixed(r, "dataset:").forEach(v -> add(out, TRAINED_ON, v));
        }
        return out;
    }

    private static List<String> prefixed(Repo r, String prefix) {
        return r.tags().stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length())).toList();
    }

    private static <K> void add(Map<K, Set<String>> out, K key, String value) {
        if (value != null && !value.isEmpty() && value.length() <= MAX_FACET_VALUE) {
            out.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
        }
    }

    /** A card's string or list of strings, as the hub reads {@code language:}. */
    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof String s && !s.isBlank()) {
            out.add(s.strip());
        } else if (o instanceof List<?> list) {
            list.stream().filter(e -> e instanceof String s && !s.isBlank()).forEach(e -> out.add(((String) e).strip()));
        }
        return out;
    }

    private static String stored(Repo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.type().wire());
        m.put("owner", r.repoId().owner());
        m.put("name", r.repoId().name());
        m.put("private", r.isPrivate());
        m.put("created", r.createdAt().toEpochMilli());
        m.put("modified", r.lastModified().toEpochMilli());
        m.put("sha", r.sha());
        m.put("downloads", r.downloads());
        m.put("downloadsAllTime", r.downloadsAllTime());
        m.put("likes", r.likes());
        m.put("pipeline", r.pipelineTag());
        m.put("library", r.libraryName());
        m.put("tags", r.tags());
        m.put("card", r.cardData());
        m.put("trending", r.trendingScore());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row read from SQL is always JSON-writable", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Repo repo(String id, String stored) {
        try {
            JsonNode n = JSON.readTree(stored);
            List<String> tags = new ArrayList<>();
            n.path("tags").forEach(t -> tags.add(t.asText()));
            Map<String, Object> card = n.path("card").isObject() ? JSON.convertValue(n.path("card"), Map.class) : null;
            return new Repo(id, new RepoId(RepoType.parse(n.path("kind").asText()), n.path("owner").asText(), n.path("name").asText()),
                    n.path("private").asBoolean(), Instant.ofEpochMilli(n.path("created").asLong()),
                    Instant.ofEpochMilli(n.path("modified").asLong()), n.path("sha").isNull() ? null : n.path("sha").asText(),
                    n.path("downloads").asLong(), n.path("downloadsAllTime").asLong(), n.path("likes").asLong(), text(n, "pipeline"), text(n, "library"), List.copyOf(tags),
                    card, n.path("trending").asLong());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the index holds a row it cannot read; delete the index directory to rebuild it", e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isNull() || n.path(field).isMissingNode() ? null : n.path(field).asText();
    }
}
