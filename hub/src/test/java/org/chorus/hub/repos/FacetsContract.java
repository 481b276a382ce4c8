package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.HubTestBed.assertCode;
import static org.chorus.hub.repos.HubTestBed.file;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.repos.RepoFacets.Facet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facet counts count exactly the repositories the listing returns for the same query, on every SQL engine. */
abstract class FacetsContract {
    @TempDir
    Path dir;
    HubTestBed bed;
    RepoFacets facets;
    Principal alice;
    Principal bob;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        bed = new HubTestBed(newDatabase(dir), dir);
        alice = bed.user("alice", Role.WRITE);
        bob = bed.user("bob", Role.WRITE);
        bed.accounts.createOrg(bed.admin, "lab", "The Lab");
        bed.accounts.setMembership(bed.admin, "lab", "alice", Role.WRITE);
        card("alice", "bert", false, "pipeline_tag: fill-mask\nlibrary_name: transformers\nlicense: mit\nlanguage: [en, fr]");
        card("alice", "gpt", false, "pipeline_tag: text-generation\nlibrary_name: transformers\nlicense: apache-2.0\nlanguage: en");
        card("lab", "vit", false, "pipeline_tag: image-classification\nlibrary_name: timm\nlicense: mit");
        card("lab", "secret", true, "pipeline_tag: text-generation\nlibrary_name: transformers\nlicense: mit\nlanguage: de");
        card("bob", "tiny", false, "pipeline_tag: text-generation\nlicense: mit\nlanguage: [en]\ntags: [mit]");
        card("bob", "bare", false, null);
        facets = RepoFacets.create(bed.db);
    }

    @AfterEach
    void tearDown() {
        if (bed != null) {
            bed.close();
        }
    }

    private void card(String owner, String name, boolean isPrivate, String yaml) {
        RepoId id = RepoId.of(RepoType.MODEL, owner, name);
        Principal actor = owner.equals("bob") ? bob : alice;
        Repo repo = bed.repos.create(actor, id, isPrivate);
        if (yaml != null) {
            bed.commit(actor, repo, file("README.md", "---\n" + yaml + "\n---\n# " + name + "\n"));
        }
    }

    @Test
    void countsMatchTheListingForEveryQueryAndCaller() {
        List<RepoQuery> queries = List.of(query(null, null), query("t", null), query(null, null, "license:mit"),
                query(null, "lab"), query(null, null, "transformers", "en"));
        for (Optional<Principal> caller : List.of(Optional.<Principal>empty(), Optional.of(alice), Optional.of(bob), Optional.of(bed.admin))) {
            for (RepoQuery q : queries) {
                RepoFacets.Facets counted = facets.count(caller, q, 100);

                Map<Facet, Map<String, Long>> expected = expectedFrom(listAll(caller, q));
                assertThat(counted.total()).as("%s %s", caller.map(p -> p.user().name()), q).isEqualTo(listAll(caller, q).size());
                assertThat(asMaps(counted)).as("%s %s", caller.map(p -> p.user().name()), q).isEqualTo(expected);
            }
        }
    }

    @Test
    void privateRepositoriesCountOnlyForThoseWhoSeeThem() {
        var anonymous = asMaps(facets.count(Optional.empty(), query(null, null), 100));
        var member = asMaps(facets.count(Optional.of(alice), query(null, null), 100));

        assertThat(anonymous.get(Facet.LANGUAGE)).doesNotContainKey("de");
        assertThat(member.get(Facet.LANGUAGE)).containsEntry("de", 1L);
        assertThat(anonymous.get(Facet.LICENSE)).containsEntry("mit", 3L);
        assertThat(member.get(Facet.LICENSE)).containsEntry("mit", 4L);
        assertThat(member.get(Facet.ORGANIZATION)).containsExactlyEntriesOf(Map.of("lab", 2L));
    }

    @Test
    void valuesComeMostFrequentFirstWithTheFilterThatSelectsThem() {
        var counted = facets.count(Optional.empty(), query(null, null), 1);
        RepoFacets.ValueCount license = counted.counts().get(Facet.LICENSE).getFirst();

        int listed = listAll(Optional.empty(), query(null, null, license.filter())).size();

        assertThat(counted.counts().get(Facet.TASK)).hasSize(1);
        assertThat(counted.counts().get(Facet.TASK).getFirst().value()).isEqualTo("text-generation");
        assertThat(license.value()).isEqualTo("mit");
        assertThat(listed).isEqualTo(license.count());
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> facets.count(Optional.empty(), query(null, null), 0));
    }

    @Test
    void rowsWrittenBeforeTheFacetIndexAreIndexedWhenTheServiceStarts() {
        var before = asMaps(facets.count(Optional.empty(), query(null, null), 100));
        bed.db.useTransaction(h -> {
            h.createUpdate("DELETE FROM hub_repo_facets").execute();
            h.createUpdate("UPDATE hub_repos SET facets_indexed = :f").bind("f", false).execute();
        });

        var after = asMaps(RepoFacets.create(bed.db).count(Optional.empty(), query(null, null), 100));

        assertThat(after).isEqualTo(before);
        assertThat(before.get(Facet.LANGUAGE)).containsEntry("en", 3L);
    }

    static RepoQuery query(String search, String author, String... filters) {
        return new RepoQuery(RepoType.MODEL, search, author, List.of(filters), null, false, 0, 1000);
    }

    private List<Repo> listAll(Optional<Principal> caller, RepoQuery q) {
        List<Repo> all = new ArrayList<>();
        for (int offset = 0; ; offset += 2) {
            Page<Repo> page = bed.repos.list(caller, new RepoQuery(q.type(), q.search(), q.author(), q.filters(), "likes", false, offset, 2));
            all.addAll(page.items());
            if (!page.hasMore()) {
                return all;
            }
        }
    }

    /** What a list page computes from the repositories it was given. */
    private Map<Facet, Map<String, Long>> expectedFrom(List<Repo> repos) {
        Map<Facet, Map<String, Long>> out = new EnumMap<>(Facet.class);
        for (Facet f : Facet.values()) {
            out.put(f, new HashMap<>());
        }
        for (Repo r : repos) {
            add(out, Facet.TASK, r.pipelineTag());
            add(out, Facet.LIBRARY, r.libraryName());
            r.tags().stream().filter(t -> t.startsWith("license:")).forEach(t -> add(out, Facet.LICENSE, t.substring(8)));
            ModelCard.strings(r.cardData() == null ? null : r.cardData().get("language")).forEach(l -> add(out, Facet.LANGUAGE, l));
            bed.accounts.find(r.repoId().owner()).filter(a -> a.kind() == org.chorus.hub.accounts.Account.Kind.ORG).ifPresent(a -> add(out, Facet.ORGANIZATION, a.name()));
        }
        return out;
    }

    private static void add(Map<Facet, Map<String, Long>> out, Facet f, String value) {
        if (value != null) {
            out.get(f).merge(value, 1L, Long::sum);
        }
    }

    private static Map<Facet, Map<String, Long>> asMaps(RepoFacets.Facets facets) {
        Map<Facet, Map<String, Long>> out = new EnumMap<>(Facet.class);
        facets.counts().forEach((f, values) -> {
            Map<String, Long> m = new HashMap<>();
            values.forEach(v -> m.put(v.value(), v.count()));
            out.put(f, m);
        });
        return out;
    }
}
