package org.chorus.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates hub snapshot files in the public hub-stats Parquet schema (the columns and types of the Hugging Face
 * Hub's {@code models.parquet} and {@code datasets.parquet}, including a column Chorus ignores), from rows a test
 * keeps, so the test can compute what every explorer should show from its own rows. Written with DuckDB from JSON
 * Lines, independently of Chorus' own export. Deterministic for a seed.
 *
 * <p>Models form families: a model of generation g > 0 names one base of generation g - 1 in {@code baseModels},
 * with a relation; each card names a licence ({@code cardData.license} and a {@code license:} tag), languages, and the
 * datasets it was trained on ({@code dataset:} tags). Datasets carry the Hub's {@code task_categories:},
 * {@code modality:}, {@code size_categories:} and {@code license:} tags.
 */
public final class SnapshotFiles {
    public static final List<String> TASKS = List.of("text-generation", "fill-mask", "image-classification", "translation");
    public static final List<String> LICENCES = List.of("apache-2.0", "mit", "llama3", "cc-by-nc-4.0");
    public static final List<String> RELATIONS = List.of("finetune", "adapter", "quantized", "merge");
    public static final List<String> MODALITIES = List.of("text", "image", "audio");
    public static final List<String> SIZES = List.of("n<1K", "1K<n<10K", "10K<n<100K");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** A model row; {@code base} and {@code relation} null for a root. {@code task} null for a card naming none. */
    public record Model(String id, String author, long downloads, long likes, String task, String licence, List<String> languages,
                        List<String> trainedOn, String base, String relation) {}

    public record Dataset(String id, String author, long downloads, long likes, String task, String modality, String size, String licence) {}

    private SnapshotFiles() {}

    /**
     * {@code n} models of {@code orgs} organisations in {@code roots} families: each model after the roots derives from
     * an earlier one (so depths vary, up to {@code maxDepth} generations below a root), its licence sometimes differing
     * from its base's.
     */
    public static List<Model> models(int n, int orgs, int roots, int maxDepth, long seed) {
        Random random = new Random(seed);
        List<Model> out = new ArrayList<>(n);
        int[] depth = new int[n];
        for (int i = 0; i < n; i++) {
            String author = "org" + random.nextInt(orgs);
            String id = author + "/model-" + i;
            String task = random.nextInt(5) == 0 ? null : TASKS.get(random.nextInt(TASKS.size()));
            List<String> languages = random.nextBoolean() ? List.of("en") : List.of("en", "fr", "de");
            List<String> trainedOn = random.nextInt(3) == 0 ? List.of() : List.of("data-" + random.nextInt(5));
            long downloads = random.nextInt(10_000);
            long likes = random.nextInt(100);
            if (i < roots) {
                out.add(new Model(id, author, downloads, likes, task, LICENCES.get(random.nextInt(LICENCES.size())), languages, trainedOn, null, null));
            } else {
                int b = random.nextInt(i);
                if (depth[b] == maxDepth) {
                    b = random.nextInt(roots);
                }
                depth[i] = depth[b] + 1;
                Model base = out.get(b);
                String licence = random.nextInt(3) == 0 ? LICENCES.get(random.nextInt(LICENCES.size())) : base.licence();
                out.add(new Model(id, author, downloads, likes, task, licence, languages, trainedOn, base.id(),
                        RELATIONS.get(random.nextInt(RELATIONS.size()))));
            }
        }
        return out;
    }

    public static List<Dataset> datasets(int n, int orgs, long seed) {
        Random random = new Random(seed);
        List<Dataset> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String author = "org" + random.nextInt(orgs);
            out.add(new Dataset(author + "/data-" + i, author, random.nextInt(5_000), random.nextInt(50), TASKS.get(random.nextInt(TASKS.size())),
                    MODALITIES.get(random.nextInt(MODALITIES.size())), SIZES.get(random.nextInt(SIZES.size())),
                    LICENCES.get(random.nextInt(LICENCES.size()))));
        }
        return out;
    }

    /** Writes the models as a hub-stats {@code models.parquet} at {@code file}. */
    public static Path writeModels(Path file, List<Model> models) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            ObjectNode row = common(m.id(), m.author(), m.downloads(), m.likes(), i);
            row.put("pipeline_tag", m.task());
            row.put("library_name", "transformers");
            ArrayNode tags = row.putArray("tags");
            if (m.task() != null) {
                tags.add(m.task());
            }
            tags.add("license:" + m.licence());
            m.languages().forEach(tags::add);
            m.trainedOn().forEach(d -> tags.add("dataset:" + d));
            ObjectNode card = JSON.createObjectNode().put("license", m.licence());
            m.languages().forEach(card.putArray("language")::add);
            m.trainedOn().forEach(card.withArray("datasets")::add);
            row.put("cardData", card.toString()); // hub-stats holds the card's front matter as JSON text
            if (m.base() != null) {
                ObjectNode bases = row.putObject("baseModels").put("relation", m.relation());
                bases.putArray("models").addObject().put("id", m.base());
            }
            rows.add(row);
        }
        return write(file, rows, List.of("pipeline_tag", "VARCHAR", "library_name", "VARCHAR",
                "baseModels", "STRUCT(relation VARCHAR, models STRUCT(id VARCHAR)[])", "safetensors", "STRUCT(parameters MAP(VARCHAR, BIGINT), total BIGINT)"));
    }

    /** Writes the datasets as a hub-stats {@code datasets.parquet} at {@code file}. */
    public static Path writeDatasets(Path file, List<Dataset> datasets) {
        List<ObjectNode> rows = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            Dataset d = datasets.get(i);
            ObjectNode row = common(d.id(), d.author(), d.downloads(), d.likes(), i);
            row.putArray("tags").add("task_categories:" + d.task()).add("modality:" + d.modality()).add("size_categories:" + d.size())
                    .add("license:" + d.licence());
            row.put("cardData", JSON.createObjectNode().put("license", d.licence()).toString());
            rows.add(row);
        }
        return write(file, rows, List.of());
    }

    private static ObjectNode common(String id, String author, long downloads, long likes, int i) {
        return JSON.createObjectNode().put("id", id).put("author", author).put("sha", "%040x".formatted(i))
                .put("createdAt", START.plusSeconds(3_600L * i).toString()).put("lastModified", START.plusSeconds(3_600L * i + 60).toString())
                .put("private", false).put("gated", "false").put("downloads", downloads).put("downloadsAllTime", downloads * 3)
                .put("likes", likes).put("trendingScore", 0.5);
    }

    /** The columns of both files as name, type pairs (hub-stats' types; {@code gated} is one Chorus ignores). */
    private static final List<String> COMMON = List.of("id", "VARCHAR", "author", "VARCHAR", "sha", "VARCHAR",
            "createdAt", "TIMESTAMP WITH TIME ZONE", "lastModified", "TIMESTAMP WITH TIME ZONE", "private", "BOOLEAN", "gated", "VARCHAR",
            "downloads", "BIGINT", "downloadsAllTime", "BIGINT", "likes", "BIGINT", "trendingScore", "DOUBLE", "tags", "VARCHAR[]", "cardData", "VARCHAR");

    private static Path write(Path file, List<ObjectNode> rows, List<String> kindColumns) {
        try {
            Path lines = Files.createTempFile(file.toAbsolutePath().getParent(), "snapshot-", ".jsonl");
            try {
                try (Writer w = Files.newBufferedWriter(lines)) {
                    for (ObjectNode row : rows) {
                        w.write(row.toString());
                        w.write('\n');
                    }
                }
                List<String> pairs = new ArrayList<>(COMMON);
                pairs.addAll(kindColumns);
                List<String> columns = new ArrayList<>();
                for (int i = 0; i < pairs.size(); i += 2) {
                    columns.add("'" + pairs.get(i) + "': '" + pairs.get(i + 1) + "'");
                }
                try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                    st.execute("COPY (SELECT * FROM read_json(" + quote(lines) + ", format = 'newline_delimited', columns = {"
                            + String.join(", ", columns) + "})) TO " + quote(file) + " (FORMAT parquet)");
                }
                return file;
            } finally {
                Files.deleteIfExists(lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not write " + file, e);
        }
    }

    private static String quote(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }
}
