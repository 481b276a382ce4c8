package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.CommitOp;
import org.chorus.hub.repos.CommitRequest;
import org.chorus.hub.repos.FamilyTree;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoQuery;
import org.chorus.hub.repos.RepoType;
import org.chorus.hub.repos.Repos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Family trees, the families ranking and lineage drift over a small hand-built family, read from the index for each
 * caller of the permission matrix (anonymous, a stranger, a member of the private model's organisation, the site
 * admin). The family (licence, languages, card body):
 * <pre>
 *   Meta/Origin (not on this hub)
 *   └ alice/base      llama3        [de, en, fr]  body 100 chars, 5,000 downloads
 *     ├ alice/ft1     mit           [en]          finetune (inferred)          body 40, 300 downloads
 *     │ ├ alice/ad1   mit           —             adapter (declared)           body 10, 50 downloads
 *     │ └ bob/m1      other         [en]          merge of ft1 and q1 (inferred) body 20, 70 downloads
 *     ├ bob/q1        cc-by-nc-4.0  [en, fr]      quantized (declared)         body 60, 900 downloads
 *     └ lab/secret    apache-2.0    [en]          private, finetune            body 30
 *       └ bob/grand   apache-2.0    [en]          finetune                     body 30
 * </pre>
 */
abstract class LineageContract {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    Database db;
    Repos repos;
    Principal admin;
    Principal alice;
    Principal bob;
    Discovery node;
    Lineages lineages;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        HubWorld world = new HubWorld(db, dir, clock);
        admin = world.admin;
        repos = world.repos;
        alice = world.user("alice");
        bob = world.user("bob");
        world.lab();
        model(alice, "alice", "base", false, "license: llama3\nlanguage: [en, fr, de]\nbase_model: Meta/Origin", 100);
        model(alice, "alice", "ft1", false, "license: mit\nlanguage: en\nbase_model: alice/base", 40);
        model(alice, "alice", "ad1", false, "license: mit\nbase_model: alice/ft1\nbase_model_relation: adapter", 10);
        model(bob, "bob", "q1", false, "license: cc-by-nc-4.0\nlanguage: [en, fr]\nbase_model: alice/base\nbase_model_relation: quantized", 60);
        model(bob, "bob", "m1", false, "license: other\nlanguage: [en]\nbase_model: [alice/ft1, bob/q1]", 20);
        model(alice, "lab", "secret", true, "license: apache-2.0\nlanguage: [en]\nbase_model: alice/base", 30);
        model(bob, "bob", "grand", false, "license: apache-2.0\nlanguage: [en]\nbase_model: lab/secret", 30);
        // counted today (trending_day), or the node's daily decay would zero them at its first counts batch (no download events)
        Map.of("alice/base", 5000, "alice/ft1", 300, "alice/ad1", 50, "bob/m1", 70, "bob/q1", 900).forEach((id, n) -> db.useTransaction(h ->
                h.createUpdate("UPDATE hub_repos SET downloads = :n, downloads_30d = :n, likes = :l, trending_day = :today WHERE full_name = :id")
                        .bind("n", n).bind("l", n / 10).bind("today", Math.floorDiv(clock.millis(), 86_400_000L)).bind("id", id).execute()));
        node = Discovery.open(db, repos, dir.resolve("index"), clock);
        lineages = EcosystemChoice.of(node).lineages(null);
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A model whose card body is {@code bodyChars} characters long (the card text then is "# name\n" + body + "\n"). */
    private void model(Principal actor, String owner, String name, boolean isPrivate, String yaml, int bodyChars) {
        RepoId id = RepoId.of(RepoType.MODEL, owner, name);
        repos.create(actor, id, isPrivate);
        String readme = "---\n" + yaml + "\n---\n# " + name + "\n" + "x".repeat(bodyChars) + "\n";
        repos.commit(actor, id, new CommitRequest("main", "card", null, null,
                List.of(new CommitOp.AddFile("README.md", readme.getBytes(StandardCharsets.UTF_8)))));
        clock.advance(Duration.ofMinutes(1));
    }

    static RepoId model(String id) {
        String[] p = id.split("/");
        return RepoId.of(RepoType.MODEL, p[0], p[1]);
    }

    static List<String> ids(Lineages.Node node) {
        return node.children().stream().map(Lineages.Node::id).toList();
    }

    @Test
    void anonymousSeesThePublicFamilyByGenerationAndRelation() {
        Lineages.Family f = lineages.family(Optional.empty(), model("alice/base"));
        assertThat(f.id()).isEqualTo("alice/base");
        assertThat(f.descendants()).isEqualTo(4);
        assertThat(f.depth()).isEqualTo(2);
        assertThat(f.generations()).containsExactly(
                new Lineages.Generation(1, 2, Map.of("adapter", 0L, "finetune", 1L, "merge", 0L, "quantized", 1L)),
                new Lineages.Generation(2, 2, Map.of("adapter", 1L, "finetune", 0L, "merge", 1L, "quantized", 0L)));
        assertThat(f.ancestors()).containsExactly(new FamilyTree.Edge("alice/base", "Meta/Origin", "finetune", 1));
        assertThat(f.topByDownloads()).extracting(Lineages.Member::id).containsExactly("bob/q1", "alice/ft1", "bob/m1", "alice/ad1");
        assertThat(f.topByDownloads().getFirst()).isEqualTo(new Lineages.Member("bob/q1", "alice/base", "quantized", 1, 900, 90));
        assertThat(f.topByLikes()).extracting(Lineages.Member::id).containsExactly("bob/q1", "alice/ft1", "bob/m1", "alice/ad1");
        // the merge is reached once, from the first of its bases the walk meets (ft1, one generation before q1's children)
        assertThat(f.tree().descendants()).isEqualTo(4);
        assertThat(ids(f.tree())).containsExactly("alice/ft1", "bob/q1");
        Lineages.Node ft1 = f.tree().children().getFirst();
        assertThat(ft1.relation()).isEqualTo("finetune");
        assertThat(ft1.descendants()).isEqualTo(2);
        assertThat(ids(ft1)).containsExactly("bob/m1", "alice/ad1");
        assertThat(ft1.children().getFirst().relation()).isEqualTo("merge");
    }

    @Test
    void privateModelsAndWhatHangsBelowThemOnlyForThoseWhoMayReadThem() {
        for (Principal stranger : new Principal[] {null, bob}) {
            Optional<Principal> caller = Optional.ofNullable(stranger);
            assertThat(lineages.family(caller, model("alice/base")).descendants()).isEqualTo(4);
            assertThatThrownBy(() -> lineages.family(caller, model("lab/secret")))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPO_NOT_FOUND));
            assertThatThrownBy(() -> lineages.drift(caller, model("lab/secret")))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPO_NOT_FOUND));
            // bob/grand is public, but its base is not readable: its ancestors name the base and stop there
            assertThat(lineages.family(caller, model("bob/grand")).ancestors())
                    .containsExactly(new FamilyTree.Edge("bob/grand", "lab/secret", "finetune", 1));
            assertThat(families(caller)).containsExactly("alice/base 2", "alice/ft1 2", "bob/q1 1");
        }
        for (Principal reader : new Principal[] {alice, admin}) {
            Lineages.Family f = lineages.family(Optional.of(reader), model("alice/base"));
            assertThat(f.descendants()).isEqualTo(6);
            assertThat(f.generations().getFirst().relations()).containsEntry("finetune", 2L);
            assertThat(ids(f.tree())).containsExactly("alice/ft1", "lab/secret", "bob/q1");
            assertThat(lineages.family(Optional.of(reader), model("bob/grand")).ancestors()).containsExactly(
                    new FamilyTree.Edge("bob/grand", "lab/secret", "finetune", 1), new FamilyTree.Edge("lab/secret", "alice/base", "finetune", 2),
                    new FamilyTree.Edge("alice/base", "Meta/Origin", "finetune", 3));
            assertThat(families(Optional.of(reader))).containsExactly("alice/base 3", "alice/ft1 2", "bob/q1 1", "lab/secret 1");
            assertThat(lineages.drift(Optional.of(reader), model("alice/base")).edges()).isEqualTo(6);
        }
    }

    private List<String> families(Optional<Principal> caller) {
        return lineages.families(caller, 0, 10).items().stream().map(r -> r.id() + " " + r.derivatives()).toList();
    }

    @Test
    void familiesArePagedWithTheirRelations() {
        Page<Lineages.FamilyRank> first = lineages.families(Optional.empty(), 0, 1);
        assertThat(first.hasMore()).isTrue();
        assertThat(first.items()).containsExactly(new Lineages.FamilyRank("alice/base", 2,
                Map.of("adapter", 0L, "finetune", 1L, "merge", 0L, "quantized", 1L), 5000, 500));
        Page<Lineages.FamilyRank> last = lineages.families(Optional.empty(), 2, 1);
        assertThat(last.hasMore()).isFalse();
        assertThat(last.items()).extracting(Lineages.FamilyRank::id).containsExactly("bob/q1");
        assertThat(lineages.families(Optional.empty(), 3, 5).items()).isEmpty();
        for (int[] bad : new int[][] {{0, 0}, {0, 101}, {-1, 10}, {10_001, 10}}) {
            assertThatThrownBy(() -> lineages.families(Optional.empty(), bad[0], bad[1]))
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void driftFiguresComputedByHand() {
        Lineages.Drift d = lineages.drift(Optional.empty(), model("alice/base"));
        // edges (public): base→ft1, base→q1, ft1→ad1, ft1→m1
        assertThat(d.edges()).isEqualTo(4);
        // licences, all four declared: llama3→mit (use-restricted → permissive), llama3→cc-by-nc-4.0 (→ non-commercial),
        // mit→mit (same), mit→other (changed, "other" has no rank)
        assertThat(d.licences()).isEqualTo(new Lineages.Licences(4, 3, 1, 1, 0, 1));
        // languages, where both declare some: base [de,en,fr]→ft1 [en] (fewer, English only), base→q1 [en,fr] (fewer),
        // ft1 [en]→m1 [en] (same; already English only); ad1 declares none
        assertThat(d.languages()).isEqualTo(new Lineages.Languages(3, 2, 1));
        // card text = "# " + name + "\n" + body + "\n": base 2+4+1+100+1 = 108; ft1 2+3+1+40+1 = 47, q1 2+2+1+60+1 = 66;
        // ad1 2+3+1+10+1 = 17, m1 2+2+1+20+1 = 26. Means 108, (47+66)/2 = 56.5, (17+26)/2 = 21.5; lower medians 108, 47, 17
        assertThat(d.cardLength()).containsExactly(new Lineages.CardLength(0, 1, 108, 108), new Lineages.CardLength(1, 2, 56.5, 47),
                new Lineages.CardLength(2, 2, 21.5, 17));
        // drift of a subtree: ft1's children only
        Lineages.Drift below = lineages.drift(Optional.empty(), model("alice/ft1"));
        assertThat(below.edges()).isEqualTo(2);
        assertThat(below.licences()).isEqualTo(new Lineages.Licences(2, 1, 0, 0, 0, 1));
        assertThat(below.languages()).isEqualTo(new Lineages.Languages(1, 0, 0));
    }

    @Test
    void aParentsLicenceOrLanguagesChangeMovesItsChildrensDrift() {
        assertThat(indexedLineageServes(Optional.empty())).isTrue();
        // q1 [en, fr] → m1 [en] in q1's own tree: fewer, English only; cc-by-nc-4.0 → other: unranked
        assertThat(lineages.drift(Optional.empty(), model("bob/q1")).languages()).isEqualTo(new Lineages.Languages(1, 1, 1));
        card(alice, "alice/base", "license: mit\nlanguage: [en, fr, de]\nbase_model: Meta/Origin");
        Lineages.Drift d = lineages.drift(Optional.empty(), model("alice/base"));
        // mit→mit twice (same), mit→cc-by-nc-4.0 (→ non-commercial), mit→other (unranked); the card is "# card\n" now
        assertThat(d.licences()).isEqualTo(new Lineages.Licences(4, 2, 0, 1, 0, 1));
        assertThat(d.cardLength().getFirst()).isEqualTo(new Lineages.CardLength(0, 1, 7, 7));
        assertThat(d).isEqualTo(walkedDrift(Optional.empty(), "alice/base"));
        card(bob, "bob/q1", "license: cc-by-nc-4.0\nlanguage: [en]\nbase_model: alice/base\nbase_model_relation: quantized");
        // q1 [en] → m1 [en]: neither fewer nor newly English only
        assertThat(lineages.drift(Optional.empty(), model("bob/q1")).languages()).isEqualTo(new Lineages.Languages(1, 0, 0));
        assertThat(lineages.drift(Optional.empty(), model("bob/q1"))).isEqualTo(walkedDrift(Optional.empty(), "bob/q1"));
        // base [de, en, fr] → q1 [en]: fewer and English only now
        assertThat(lineages.drift(Optional.empty(), model("alice/base")).languages()).isEqualTo(new Lineages.Languages(3, 2, 2));
    }

    @Test
    void aPrivateParentIsNotComparedAgainstUntilItIsPublic() {
        // the admin's walk compares base→secret (llama3 → apache-2.0: permissive) and secret→grand (same licence)
        Lineages.Drift all = lineages.drift(Optional.of(admin), model("alice/base"));
        assertThat(all.edges()).isEqualTo(6);
        assertThat(all.licences()).isEqualTo(new Lineages.Licences(6, 4, 2, 1, 0, 1));
        Lineages.Drift outside = lineages.drift(Optional.empty(), model("alice/base"));
        assertThat(outside.edges()).isEqualTo(4);
        assertThat(outside.licences()).isEqualTo(new Lineages.Licences(4, 3, 1, 1, 0, 1));
        assertThat(outside.cardLength()).extracting(Lineages.CardLength::models).containsExactly(1L, 2L, 2L);
        repos.setPrivate(admin, model("lab/secret"), false);
        Lineages.Drift open = lineages.drift(Optional.empty(), model("alice/base"));
        assertThat(open).isEqualTo(walkedDrift(Optional.empty(), "alice/base"));
        assertThat(open.licences()).isEqualTo(all.licences());
        assertThat(open.cardLength()).isEqualTo(all.cardLength());
        repos.setPrivate(admin, model("lab/secret"), true);
        assertThat(lineages.drift(Optional.empty(), model("alice/base"))).isEqualTo(outside);
    }

    /** The family walk's answer for the caller: what {@link PublicFamily} must equal for a caller who reads only public models. */
    private Lineages.Family walked(Optional<Principal> caller, String id) {
        return node.read(caller, (view, visible) -> {
            FamilyWalk walk = new FamilyWalk(view.searcher, visible);
            FamilyWalk.Reached root = walk.find(id.toLowerCase(java.util.Locale.ROOT)).orElseThrow();
            return IndexLineages.family(walk.ancestors(root, Lineages.MAX_DEPTH), walk.descendants(root, Lineages.MAX_DEPTH, false));
        });
    }

    /** The family walk's drift for the caller: what {@link PublicDrift} must equal for a caller who reads only public models. */
    private Lineages.Drift walkedDrift(Optional<Principal> caller, String id) {
        return node.read(caller, (view, visible) -> {
            FamilyWalk walk = new FamilyWalk(view.searcher, visible);
            return IndexLineages.drift(walk.descendants(walk.find(id.toLowerCase(java.util.Locale.ROOT)).orElseThrow(), Lineages.MAX_DEPTH, true));
        });
    }

    private boolean indexedLineageServes(Optional<Principal> caller) {
        return node.read(caller, (view, visible) -> PublicFamily.serves(view.searcher, visible));
    }

    private void card(Principal actor, String id, String yaml) {
        repos.commit(actor, model(id), new CommitRequest("main", "card", null, null,
                List.of(new CommitOp.AddFile("README.md", ("---\n" + yaml + "\n---\n# card\n").getBytes(StandardCharsets.UTF_8)))));
        clock.advance(Duration.ofMinutes(1));
    }

    private static String shape(Lineages.Family f) {
        StringBuilder s = new StringBuilder();
        f.generations().forEach(g -> s.append(g.generation()).append(':').append(g.models()).append(' '));
        return s.append(shape(f.tree())).toString().strip();
    }

    private static String shape(Lineages.Node n) {
        return n.children().isEmpty() ? n.id() : n.id() + "(" + String.join(" ", n.children().stream().map(LineageContract::shape).toList()) + ")";
    }

    @Test
    void aMiddleModelsNewBaseMovesItsBranchInTheIndexedLineage() {
        assertThat(indexedLineageServes(Optional.empty())).isTrue();
        card(alice, "alice/ft1", "license: mit\nlanguage: en\nbase_model: bob/q1");
        Lineages.Family f = lineages.family(Optional.empty(), model("alice/base"));
        // q1 is the only child now; ft1 and the merge m1 hang below it (m1's bases ft1 and q1: q1 is the one a generation up)
        assertThat(shape(f)).isEqualTo("1:1 2:2 3:1 alice/base(bob/q1(alice/ft1(alice/ad1) bob/m1))");
        assertThat(f.generations().get(1).relations()).containsEntry("finetune", 1L).containsEntry("merge", 1L);
        assertThat(f.topByDownloads()).contains(new Lineages.Member("alice/ft1", "bob/q1", "finetune", 2, 300, 30));
        assertThat(f).isEqualTo(walked(Optional.empty(), "alice/base"));
        assertThat(lineages.family(Optional.empty(), model("bob/q1")).descendants()).isEqualTo(3);
        assertThat(lineages.family(Optional.empty(), model("bob/q1"))).isEqualTo(walked(Optional.empty(), "bob/q1"));
    }

    @Test
    void aMiddleModelGoingPrivateAndBackTakesItsBranchOutOfThePublicLineageAndBack() {
        Lineages.Family before = lineages.family(Optional.empty(), model("alice/base"));
        assertThat(shape(before)).isEqualTo("1:2 2:2 alice/base(alice/ft1(bob/m1 alice/ad1) bob/q1)");
        repos.setPrivate(alice, model("alice/ft1"), true);
        Lineages.Family hidden = lineages.family(Optional.empty(), model("alice/base"));
        // ad1 hangs only below ft1; the merge m1 is reached through q1 now
        assertThat(shape(hidden)).isEqualTo("1:1 2:1 alice/base(bob/q1(bob/m1))");
        assertThat(hidden).isEqualTo(walked(Optional.empty(), "alice/base"));
        assertThat(lineages.family(Optional.of(bob), model("alice/base"))).isEqualTo(hidden);
        assertThatThrownBy(() -> lineages.family(Optional.empty(), model("alice/ft1")))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPO_NOT_FOUND));
        assertThat(lineages.family(Optional.empty(), model("alice/ad1")).ancestors())
                .containsExactly(new FamilyTree.Edge("alice/ad1", "alice/ft1", "adapter", 1));
        // the owner still sees the whole family (by the walk: she may read a private model)
        assertThat(lineages.family(Optional.of(alice), model("alice/base")).descendants()).isEqualTo(6);
        repos.setPrivate(alice, model("alice/ft1"), false);
        assertThat(lineages.family(Optional.empty(), model("alice/base"))).isEqualTo(before);
    }

    @Test
    void aDeletedMiddleModelLeavesTheIndexedLineage() {
        repos.delete(alice, model("alice/ft1"));
        Lineages.Family f = lineages.family(Optional.empty(), model("alice/base"));
        assertThat(shape(f)).isEqualTo("1:1 2:1 alice/base(bob/q1(bob/m1))");
        assertThat(f).isEqualTo(walked(Optional.empty(), "alice/base"));
        assertThat(lineages.family(Optional.empty(), model("alice/ad1")).descendants()).isZero();
        assertThat(families(Optional.empty())).containsExactly("alice/base 1", "bob/q1 1");
    }

    /**
     * A generated family (fixed seed): 45 models, each naming one to three earlier ones (merges, several bases with
     * declared or inferred relations), a tenth private, then a cycle; every public model's family as the index's
     * lineage answers it equals the walk's, as the change follower left it and after a rebuild from SQL.
     */
    @Test
    void theIndexedLineageAnswersAsTheWalkOnAGeneratedFamily() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<String> made = new java.util.ArrayList<>(List.of("alice/base", "alice/ft1", "bob/q1", "bob/m1"));
        String[] relations = {"", "", "adapter", "quantized", "merge", "finetune"};
        String[] licences = {"", "\nlicense: mit", "\nlicense: apache-2.0", "\nlicense: llama3", "\nlicense: cc-by-nc-4.0", "\nlicense: other",
                "\nlicense: gpl-3.0"};
        String[] languages = {"", "\nlanguage: [en]", "\nlanguage: [en, fr]", "\nlanguage: [fr]", "\nlanguage: [de, en, fr]"};
        for (int i = 0; i < 45; i++) {
            java.util.Set<String> bases = new java.util.LinkedHashSet<>();
            int n = 1 + (random.nextInt(10) < 3 ? 1 + random.nextInt(2) : 0);
            for (int b = 0; b < n; b++) {
                bases.add(made.get(random.nextInt(made.size())));
            }
            String relation = relations[random.nextInt(relations.length)];
            String yaml = "base_model: [" + String.join(", ", bases) + "]" + (relation.isEmpty() ? "" : "\nbase_model_relation: " + relation)
                    + licences[random.nextInt(licences.length)] + languages[random.nextInt(languages.length)];
            boolean hidden = random.nextInt(10) == 0;
            Principal owner = i % 2 == 0 ? alice : bob;
            String id = (owner == alice ? "alice" : "bob") + "/gen" + i;
            model(owner, id.split("/")[0], "gen" + i, hidden, yaml, random.nextInt(30));
            db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET downloads = :n, likes = :l WHERE full_name = :id")
                    .bind("n", random.nextInt(4) * 100).bind("l", random.nextInt(3)).bind("id", id).execute());
            made.add(id);
        }
        card(alice, "alice/gen2", "base_model: [alice/ft1, bob/gen41]");
        repos.setPrivate(alice, model("alice/gen4"), false);
        // a parent's licence and languages change: its children's edges from it are indexed again
        card(bob, "bob/q1", "license: gpl-3.0\nlanguage: [de]\nbase_model: alice/base\nbase_model_relation: quantized");
        assertThat(indexedLineageServes(Optional.empty())).isTrue();
        List<String> roots = new java.util.ArrayList<>(made);
        roots.add("alice/ad1");
        java.util.function.Consumer<String> compare = when -> {
            int checked = 0;
            for (String id : roots) {
                Optional<Lineages.Family> fast;
                try {
                    fast = Optional.of(lineages.family(Optional.empty(), model(id)));
                } catch (ChorusException privateOne) {
                    continue;
                }
                assertThat(fast.get()).as(id + " " + when).isEqualTo(walked(Optional.empty(), id));
                assertThat(lineages.drift(Optional.empty(), model(id))).as("drift of " + id + " " + when).isEqualTo(walkedDrift(Optional.empty(), id));
                checked++;
            }
            assertThat(checked).as(when).isGreaterThan(40);
        };
        compare.accept("as followed");
        assertThat(lineages.family(Optional.empty(), model("alice/base")).descendants()).isGreaterThan(30);
        Lineages.Drift drift = lineages.drift(Optional.empty(), model("alice/base"));
        // the generated family exercises every kind of edge, so the comparison above compares something
        assertThat(drift.licences().towardsPermissive()).isPositive();
        assertThat(drift.licences().towardsRestrictive()).isPositive();
        assertThat(drift.licences().unranked()).isPositive();
        assertThat(drift.languages().fewer()).isPositive();
        assertThat(drift.languages().englishOnly()).isPositive();
        rebuild();
        compare.accept("after a rebuild");
    }

    /** Closes the node, deletes its index and opens it again: rebuilt from SQL. */
    private void rebuild() throws java.io.IOException {
        node.close();
        node = null;
        try (var files = java.nio.file.Files.walk(dir.resolve("index"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
        node = Discovery.open(db, repos, dir.resolve("index"), clock);
        lineages = EcosystemChoice.of(node).lineages(null);
    }

    /**
     * A change whose derived re-puts exceed a slice: alice/ft1, with eight public models below it, goes private. The
     * follower puts ft1's own document at once, walks what hangs below it as a step of its own (the change's catch-up
     * does not wait for the walk), and puts the eight two at a time, pausing after the first step. Meanwhile,
     * and between every later slice, no public answer names ft1 or counts what hangs below it only through it; the
     * changer's next search sees ft1 private at once; once every slice is put, the answers equal a rebuild's.
     */
    @Test
    void aLargeReputComesInSlicesAndNoOutsiderSeesThePrivateModelMeanwhile() throws Exception {
        sixModelsBelowFt1();
        java.util.concurrent.CountDownLatch paused = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        // eight re-puts, two a slice, each slice checked once put (by the poller or this thread; a download-count batch may
        // put some of them first); the checks stop before the node is rebuilt
        java.util.concurrent.atomic.AtomicInteger slices = new java.util.concurrent.atomic.AtomicInteger();
        // the public families ranking, which a slice's view keeps from the view before (a re-put moves no base)
        List<List<Lineages.FamilyRank>> rankings = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Integer> planned = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        boolean[] done = {false};
        node.follower().slicing(2, () -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                try {
                    planned.add(node.follower().plannedReputs());
                    outsidersSeeNoTraceOfFt1("after step " + slices.incrementAndGet());
                    rankings.add(lineages.families(Optional.empty(), 0, 10).items());
                    if (paused.getCount() > 0) {
                        paused.countDown();
                        resume.await();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        });
        repos.setPrivate(alice, model("alice/ft1"), true);
        // the changer's very next search has the change: ft1's own document is put before what hangs below it
        assertThat(node.list(Optional.of(alice), new RepoQuery(RepoType.MODEL, "ft1", null, List.of(), null, false, 0, 10)).items())
                .filteredOn(r -> r.fullName().equals("alice/ft1")).extracting(Repo::isPrivate).containsExactly(true);
        outsidersSeeNoTraceOfFt1("before the first slice");
        assertThat(paused.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the re-put paused between slices").isTrue();
        outsidersSeeNoTraceOfFt1("while paused after the first slice");
        resume.countDown();
        node.follower().putPending();
        synchronized (done) {
            done[0] = true;
        }
        assertThat(failures).isEmpty();
        assertThat(slices.get()).isGreaterThan(1);
        // the first step is the walk, alone (later steps interleave between the poller and this thread)
        assertThat(planned.getFirst()).as("planned re-puts after the first step").isEqualTo(8);
        Lineages.Family hidden = lineages.family(Optional.empty(), model("alice/base"));
        assertThat(shape(hidden)).isEqualTo("1:1 2:1 alice/base(bob/q1(bob/m1))");
        List<String> roots = List.of("alice/base", "bob/q1", "bob/m1", "alice/ad1", "alice/c0");
        Map<String, Object> followed = new java.util.LinkedHashMap<>();
        for (String id : roots) {
            followed.put(id, List.of(lineages.family(Optional.empty(), model(id)), lineages.drift(Optional.empty(), model(id))));
        }
        rebuild();
        for (String id : roots) {
            assertThat(List.of(lineages.family(Optional.empty(), model(id)), lineages.drift(Optional.empty(), model(id))))
                    .as(id + " after a rebuild").isEqualTo(followed.get(id));
        }
        assertThat(rankings).as("the ranking between slices, against a rebuild's").isNotEmpty()
                .allSatisfy(r -> assertThat(r).isEqualTo(lineages.families(Optional.empty(), 0, 10).items()));
    }

    /**
     * The walk below a changed model runs without the follower's lock: while it is paused (after walking, before it is
     * planned), the node's own next write and search answer; that write adds alice/y below alice/c0, inside the walked
     * family, so the walk is stale and is done again, and y's lineage ends as a rebuild's (the stale walk would leave y
     * with its lineage through the now private ft1: alice/base would count it).
     */
    @Test
    void aFamilysWalkHoldsNoSearchAndAChangeInsideTheFamilyMeanwhileIsWalkedAgain() throws Exception {
        sixModelsBelowFt1();
        java.util.concurrent.CountDownLatch walked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        node.follower().slicing(2, () -> {});
        node.follower().walking(() -> {
            if (walked.getCount() > 0) {
                walked.countDown();
                try {
                    resume.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        repos.setPrivate(alice, model("alice/ft1"), true);
        assertThat(node.list(Optional.of(alice), new RepoQuery(RepoType.MODEL, "ft1", null, List.of(), null, false, 0, 10)).items())
                .filteredOn(r -> r.fullName().equals("alice/ft1")).extracting(Repo::isPrivate).containsExactly(true);
        assertThat(walked.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the follower walked below ft1").isTrue();
        try {
            java.util.concurrent.CompletableFuture<List<String>> found = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                model(alice, "alice", "y", false, "license: mit\nlanguage: [en]\nbase_model: alice/c0", 7);
                return node.list(Optional.of(alice), new RepoQuery(RepoType.MODEL, "y", null, List.of(), null, false, 0, 10))
                        .items().stream().map(Repo::fullName).toList();
            });
            assertThat(found.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("the own write's search, the walk paused").contains("alice/y");
        } finally {
            resume.countDown();
        }
        node.follower().walking(() -> {});
        node.follower().putPending();
        outsidersSeeNoTraceOfFt1("once re-put");
        List<String> roots = List.of("alice/base", "alice/c0", "alice/y", "bob/q1", "bob/m1");
        Map<String, Object> followed = new java.util.LinkedHashMap<>();
        for (String id : roots) {
            followed.put(id, familyAndDrift(Optional.empty(), id));
        }
        assertThat(lineages.family(Optional.empty(), model("alice/c0")).descendants()).isEqualTo(1);
        rebuild();
        for (String id : roots) {
            assertThat(familyAndDrift(Optional.empty(), id)).as(id + " against a rebuild").isEqualTo(followed.get(id));
        }
    }

    @Test
    void aBatchThatMovesNoLineageKeepsEachModelsIndexedOne() throws Exception {
        List<String> roots = List.of("alice/base", "alice/ft1", "bob/q1", "bob/m1", "lab/secret");
        // every model's downloads moved and stamped, as the daily decay does: the counts batch re-puts them all
        clock.advance(Duration.ofMinutes(1));
        db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET downloads_30d = downloads_30d + 1, trending_score = trending_score + 1, counted_at = :now WHERE kind = :model")
                .bind("now", clock.millis()).bind("model", RepoType.MODEL.wire()).execute());
        assertThat(node.refreshDownloadCounts()).as("models re-put by the batch").isGreaterThanOrEqualTo(roots.size());
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        for (String id : roots) {
            for (Optional<Principal> caller : List.of(Optional.<Principal>empty(), Optional.of(alice))) {
                kept.put(id + " " + caller.isPresent(), familyAndDrift(caller, id));
            }
        }
        rebuild();
        for (String id : roots) {
            for (Optional<Principal> caller : List.of(Optional.<Principal>empty(), Optional.of(alice))) {
                assertThat(familyAndDrift(caller, id)).as(id + " against a rebuild").isEqualTo(kept.get(id + " " + caller.isPresent()));
            }
        }
    }

    /**
     * alice/c0..c5 below alice/ft1, applied to the index before the test's change, which then has eight public models
     * to re-put below ft1 (ad1, m1 and these): more than a slice of two.
     */
    private void sixModelsBelowFt1() {
        for (int i = 0; i < 6; i++) {
            model(alice, "alice", "c" + i, false, "license: apache-2.0\nlanguage: [en]\nbase_model: alice/ft1", 5 + i);
        }
        assertThat(lineages.family(Optional.empty(), model("alice/base")).descendants()).isEqualTo(10);
    }

    /** A model's family and drift as {@code caller} sees them, or the error code when it may not. */
    private Object familyAndDrift(Optional<Principal> caller, String id) {
        try {
            return List.of(lineages.family(caller, model(id)), lineages.drift(caller, model(id)));
        } catch (ChorusException e) {
            return e.code();
        }
    }

    /** Anonymous and bob, who may read no private model: ft1 is named nowhere and nothing below it only through it counts. */
    private void outsidersSeeNoTraceOfFt1(String when) {
        for (Principal stranger : new Principal[] {null, bob}) {
            Optional<Principal> caller = Optional.ofNullable(stranger);
            Lineages.Family f = lineages.family(caller, model("alice/base"));
            List<String> named = new java.util.ArrayList<>();
            java.util.ArrayDeque<Lineages.Node> nodes = new java.util.ArrayDeque<>(List.of(f.tree()));
            while (!nodes.isEmpty()) {
                Lineages.Node n = nodes.poll();
                named.add(n.id());
                nodes.addAll(n.children());
            }
            java.util.stream.Stream.concat(f.topByDownloads().stream(), f.topByLikes().stream()).forEach(m -> {
                named.add(m.id());
                named.add(m.base());
            });
            assertThat(named).as(when).doesNotContain("alice/ft1");
            // public now: q1 and the merge m1 (through q1); ad1, m1 and c0..c5 counted through ft1 would make 9
            assertThat(f.descendants()).as(when).isLessThanOrEqualTo(2);
            assertThat(f.generations().stream().mapToLong(Lineages.Generation::models).sum()).as(when).isEqualTo(f.descendants());
            assertThat(lineages.drift(caller, model("alice/base")).edges()).as(when).isLessThanOrEqualTo(2);
            assertThatThrownBy(() -> lineages.family(caller, model("alice/ft1"))).as(when)
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPO_NOT_FOUND));
            assertThat(families(caller)).as(when).noneMatch(r -> r.startsWith("alice/ft1 "));
            assertThat(node.list(caller, new RepoQuery(RepoType.MODEL, null, null, List.of(), null, false, 0, 100)).items())
                    .as(when).extracting(Repo::fullName).doesNotContain("alice/ft1").contains("alice/c0", "bob/q1");
        }
    }

    @Test
    void aModelNotInTheIndexIsNotFoundAndAnotherEcosystemIsEmpty() {
        assertThatThrownBy(() -> lineages.family(Optional.empty(), model("alice/nothing")))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPO_NOT_FOUND));
        assertThatThrownBy(() -> EcosystemChoice.of(node).lineages("elsewhere"))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> EcosystemChoice.of(node).lineages("no/such"))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
