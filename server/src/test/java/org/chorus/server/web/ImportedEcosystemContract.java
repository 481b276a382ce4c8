package org.chorus.server.web;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.chorus.discovery.SnapshotFiles;
import org.chorus.discovery.SnapshotFiles.Dataset;
import org.chorus.discovery.SnapshotFiles.Model;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;

/**
 * An imported snapshot is an ecosystem every explorer reads: a generated hub-stats file is imported over HTTP, and
 * each explorer view (API and page) for {@code ecosystem=gen} is compared with numbers this test computes from the rows
 * it generated, never from the server's code. The live hub's views stay its own.
 */
abstract class ImportedEcosystemContract extends ServerContract {
    static final String ECO = "gen";
    static final int ORGS = 9;
    List<Model> models;
    List<Dataset> datasets;

    void importGenerated() throws Exception {
        models = SnapshotFiles.models(240, ORGS, 5, 6, 17);
        datasets = SnapshotFiles.datasets(40, ORGS, 18);
        upload("model", SnapshotFiles.writeModels(dir.resolve("models.parquet"), models), models.size());
        upload("dataset", SnapshotFiles.writeDatasets(dir.resolve("datasets.parquet"), datasets), datasets.size());
    }

    private void upload(String type, Path file, int rows) throws Exception {
        HttpResponse<String> r = ServerFixture.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/chorus/ecosystems/" + ECO + "?type=" + type))
                .header("Authorization", "Bearer " + ServerFixture.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.ofFile(file)), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("imported").asLong()).isEqualTo(rows);
    }

    private JsonNode api(String path) {
        HttpResponse<String> r = server.get(path + (path.contains("?") ? "&" : "?") + "ecosystem=" + ECO, null);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json(r);
    }

    /** models, datasets, downloads, likes of an owner, as the generated rows hold them. */
    private Map<String, List<Long>> owners() {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Model m : models) {
            add(out.computeIfAbsent(m.author(), a -> zeros()), 1, 0, m.downloads(), m.likes());
        }
        for (Dataset d : datasets) {
            add(out.computeIfAbsent(d.author(), a -> zeros()), 0, 1, d.downloads(), d.likes());
        }
        return out;
    }

    private static List<Long> zeros() {
        return new ArrayList<>(List.of(0L, 0L, 0L, 0L));
    }

    private static void add(List<Long> sums, long... values) {
        for (int i = 0; i < values.length; i++) {
            sums.set(i, sums.get(i) + values[i]);
        }
    }

    /** An owner's models by task ("(no task)" for cards naming none): models, downloads, likes. */
    private Map<String, List<Long>> tasksOf(String owner) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Model m : models) {
            if (m.author().equals(owner)) {
                add(out.computeIfAbsent(m.task() == null ? "(no task)" : m.task(), t -> new ArrayList<>(List.of(0L, 0L, 0L))), 1, m.downloads(), m.likes());
            }
        }
        return out;
    }

    private static Map<String, List<Long>> tasks(JsonNode tasks) {
        Map<String, List<Long>> out = new TreeMap<>();
        tasks.forEach(t -> out.put(t.path("task").asText(), List.of(t.path("models").asLong(), t.path("downloads").asLong(), t.path("likes").asLong())));
        return out;
    }

    private static Map<String, Long> counts(JsonNode values, String key, String count) {
        Map<String, Long> out = new TreeMap<>();
        values.forEach(v -> out.put(v.path(key).asText(), v.path(count).asLong()));
        return out;
    }

    private static <T> Map<String, Long> countBy(List<T> rows, Function<T, String> key) {
        return new TreeMap<>(rows.stream().filter(r -> key.apply(r) != null).collect(groupingBy(key, counting())));
    }

    @Test
    void everyExplorerReadsTheImportedSnapshot() throws Exception {
        importGenerated();

        // ModelVerse: every owner, its totals, ranked by models (ties by name)
        JsonNode ranking = api("/api/chorus/explore/organizations?sort=models&limit=100");
        Map<String, List<Long>> owners = owners();
        assertThat(ranking.path("total").asLong()).isEqualTo(owners.size());
        Map<String, List<Long>> got = new TreeMap<>();
        List<String> order = new ArrayList<>();
        ranking.path("organizations").forEach(o -> {
            got.put(o.path("name").asText(), List.of(o.path("models").asLong(), o.path("datasets").asLong(), o.path("downloads").asLong(), o.path("likes").asLong()));
            order.add(o.path("name").asText());
        });
        assertThat(got).isEqualTo(owners);
        assertThat(order).isEqualTo(owners.keySet().stream()
                .sorted(Comparator.comparingLong((String n) -> -owners.get(n).get(0)).thenComparing(Comparator.naturalOrder())).toList());

        // an owner's page and the treemap: models by task
        String org = order.getFirst();
        assertThat(tasks(api("/api/chorus/explore/organizations/" + org).path("tasks"))).isEqualTo(tasksOf(org));
        JsonNode treemap = api("/api/chorus/explore/treemap?size=models&organizations=50");
        assertThat(treemap).hasSize(ORGS);
        treemap.forEach(p -> assertThat(tasks(p.path("tasks"))).as(p.path("organization").path("name").asText())
                .isEqualTo(tasksOf(p.path("organization").path("name").asText())));

        // DataVerse: datasets by column, and the datasets models were trained on
        JsonNode columns = api("/api/chorus/explore/datasets?limit=100");
        assertThat(columns.path("total").asLong()).isEqualTo(datasets.size());
        assertThat(counts(columns.path("columns").path("task_categories"), "value", "count")).isEqualTo(countBy(datasets, Dataset::task));
        assertThat(counts(columns.path("columns").path("modality"), "value", "count")).isEqualTo(countBy(datasets, Dataset::modality));
        assertThat(counts(columns.path("columns").path("size_categories"), "value", "count")).isEqualTo(countBy(datasets, Dataset::size));
        assertThat(counts(columns.path("columns").path("license"), "value", "count")).isEqualTo(countBy(datasets, Dataset::licence));
        JsonNode trained = api("/api/chorus/explore/trained-on?limit=100");
        Map<String, Long> expectedTrained = new TreeMap<>(models.stream().flatMap(m -> m.trainedOn().stream()).collect(groupingBy(d -> d, counting())));
        assertThat(trained.path("total").asLong()).isEqualTo(expectedTrained.size());
        assertThat(counts(trained.path("datasets"), "dataset", "models")).isEqualTo(expectedTrained);

        // families: bases ranked by direct derivatives, by relation
        Map<String, List<Model>> children = models.stream().filter(m -> m.base() != null).collect(groupingBy(Model::base));
        Map<String, Long> derivatives = new TreeMap<>();
        boolean more = true;
        for (int offset = 0; more; offset += 100) {
            JsonNode families = api("/api/chorus/explore/families?limit=100&offset=" + offset);
            families.path("families").forEach(f -> {
                derivatives.put(f.path("id").asText(), f.path("derivatives").asLong());
                Map<String, Long> relations = countBy(children.get(f.path("id").asText()), Model::relation);
                SnapshotFiles.RELATIONS.forEach(rel -> assertThat(f.path("relations").path(rel).asLong()).as(f.path("id").asText() + " " + rel)
                        .isEqualTo(relations.getOrDefault(rel, 0L)));
            });
            more = families.path("hasMore").asBoolean();
        }
        Map<String, Long> expectedDerivatives = new TreeMap<>();
        children.forEach((base, kids) -> expectedDerivatives.put(base, (long) kids.size()));
        assertThat(derivatives).isEqualTo(expectedDerivatives);

        // each root's tree and lineage drift
        Map<String, Model> byId = new HashMap<>();
        models.forEach(m -> byId.put(m.id(), m));
        for (Model root : models.stream().filter(m -> m.base() == null).toList()) {
            List<Model> below = new ArrayList<>();
            int depth = 0;
            List<Model> generation = List.of(root);
            while (!generation.isEmpty()) {
                List<Model> next = generation.stream().flatMap(m -> children.getOrDefault(m.id(), List.of()).stream()).toList();
                below.addAll(next);
                depth += next.isEmpty() ? 0 : 1;
                generation = next;
            }
            JsonNode family = api("/api/chorus/explore/families/" + root.id());
            assertThat(family.path("descendants").asLong()).as(root.id()).isEqualTo(below.size());
            assertThat(family.path("depth").asInt()).as(root.id()).isEqualTo(depth);
            JsonNode drift = api("/api/chorus/explore/drift/" + root.id());
            assertThat(drift.path("edges").asLong()).as(root.id()).isEqualTo(below.size());
            assertThat(drift.path("licences").path("compared").asLong()).isEqualTo(below.size());
            assertThat(drift.path("licences").path("changed").asLong()).as(root.id())
                    .isEqualTo(below.stream().filter(m -> !m.licence().equals(byId.get(m.base()).licence())).count());
        }

        // the live hub is not the imported ecosystem
        HttpResponse<String> hub = server.get("/api/chorus/explore/organizations?limit=100", null);
        assertThat(hub.body()).doesNotContain("\"" + org + "\"");
    }

    @Test
    void searchFindsAnImportedSnapshotsModelsByWordsAndOnlyThere() throws Exception {
        importGenerated();
        Model wanted = models.get(17);
        String q = "/api/chorus/search?type=model&limit=5&q=" + java.net.URLEncoder.encode(wanted.id(), java.nio.charset.StandardCharsets.UTF_8);

        JsonNode found = api(q).path("results");
        JsonNode onTheHub = json(server.get(q, null)).path("results");

        assertThat(found.get(0).path("id").asText()).isEqualTo(wanted.id());
        assertThat(found.get(0).path("downloads").asLong()).isEqualTo(wanted.downloads());
        assertThat(onTheHub.findValuesAsText("id")).doesNotContain(wanted.id());
        HttpResponse<String> byMeaning = server.get(q + "&mode=semantic&ecosystem=" + ECO, null);
        assertThat(byMeaning.statusCode()).isEqualTo(400);
        assertThat(byMeaning.body()).contains("mode=keyword");
        assertThat(server.get(q + "&ecosystem=nowhere", null).statusCode()).isEqualTo(404);
        assertThat(server.get(q + "&ecosystem=..%2Fetc", null).statusCode()).isEqualTo(400);
    }

    @Test
    void pagesShowTheEcosystemViewedAndOfferTheImportedOnes() throws Exception {
        importGenerated();
        WebClient browser = new WebClient(server.url());
        String live = browser.get("/explore/modelverse").body();
        assertThat(live).contains("Ecosystem: <strong>hub</strong>", "<option value=\"" + ECO + "\"");
        for (String path : List.of("/explore/modelverse", "/explore/dataverse", "/explore/families", "/explore/organizations/org0",
                "/explore/families/" + models.getFirst().id())) {
            HttpResponse<String> page = browser.get(path + "?ecosystem=" + ECO);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("Ecosystem: <strong>" + ECO + "</strong>");
        }
        // links stay in the ecosystem: a family's members lead to their trees there, not to the live hub's pages
        String tree = browser.get("/explore/families/" + models.getFirst().id() + "?ecosystem=" + ECO).body();
        assertThat(tree).contains("/explore/families/" + models.getFirst().id() + "?ecosystem=" + ECO)
                .doesNotContain("href=\"/" + models.getFirst().id() + "\"");
        assertThat(browser.get("/explore/modelverse?ecosystem=nowhere").statusCode()).isEqualTo(404);
        assertThat(browser.get("/explore/families?ecosystem=..%2Fetc").statusCode()).isEqualTo(400);
    }
}
