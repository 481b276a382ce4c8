package org.chorus.hub.repos;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.chorus.core.NulText;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the row's derived fields (head, card data, tags, lineage edges) in step with {@code main}, and
 * answers lineage questions from the stored edges.
 */
final class CardIndex {
    private static final int MAX_README = 1 << 20;
    /** The card text kept for full-text search; a longer card is searched by its beginning. */
    private static final int MAX_CARD_TEXT = 32_768;

    private final Database db;
    private final Clock clock;

    CardIndex(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Recomputes the row from the head of main as {@code git} sees it; idempotent, and safe to race. */
    void refresh(Repo repo, Repository git) {
        Optional<ObjectId> head = GitReads.resolve(git, "main");
        ModelCard card = new ModelCard(null, List.of(), null);
        String text = null;
        if (head.isPresent()) {
            List<TreeEntry> root = GitReads.tree(git, head.get(), "", false);
            boolean adapter = root.stream().anyMatch(e -> e.path().equals("adapter_config.json"));
            boolean quantized = root.stream().anyMatch(e -> e.path().endsWith(".gguf") || e.path().equals("quantize_config.json")
                    || e.path().equals("quant_config.json"));
            Optional<TreeEntry> config = root.stream().filter(e -> e.path().equals("config.json") && e.lfs() == null).findFirst();
            if (config.isPresent() && !quantized) {
                quantized = new String(GitReads.readSmall(git, ObjectId.fromString(config.get().oid()), MAX_README),
                        StandardCharsets.UTF_8).contains("\"quantization_config\"");
            }
            Optional<TreeEntry> readme = root.stream().filter(e -> e.path().equals("README.md") && e.lfs() == null).findFirst();
            if (readme.isPresent()) {
                // Without NUL: the card is derived data, and PostgreSQL's text cannot hold U+0000 (the README stays as committed)
                String readmeText = NulText.strip(new String(GitReads.readSmall(git, ObjectId.fromString(readme.get().oid()), MAX_README),
                        StandardCharsets.UTF_8));
                card = ModelCard.parse(readmeText, new ModelCard.TreeHints(adapter, quantized));
                text = ModelCard.body(readmeText, MAX_CARD_TEXT);
            }
        }
        ModelCard c = repo.type() == RepoType.MODEL ? card : new ModelCard(card.data(), List.of(), null);
        long now = clock.millis();
        String cardText = text;
        db.useTransaction(h -> {
            // Written only while main is still where it was read: a refresh that raced a later commit (and read
            // the older tree) must not overwrite that commit's refresh, which always follows its ref move.
            int updated = h.createUpdate("UPDATE hub_repos SET sha = :sha, last_modified = :now, pipeline_tag = :pt, library_name = :lib,"
                            + " tags = :tags, card_data = :card, card_text = :text WHERE id = :id"
                            + " AND COALESCE((SELECT target FROM hub_refs WHERE repo_id = :id AND name = :main), '') = :head")
                    .bind("sha", head.map(ObjectId::name).orElse(null)).bind("now", now).bind("pt", c.pipelineTag())
                    .bind("lib", c.libraryName()).bind("tags", RepoRows.tagsColumn(c.tags()))
                    .bind("card", RepoRows.cardJson(c.data())).bind("text", cardText).bind("id", repo.id())
                    .bind("main", Constants.R_HEADS + "main").bind("head", head.map(ObjectId::name).orElse("")).execute();
            if (updated == 0) {
                return;
            }
            FacetIndex.write(h, repo.id(), FacetIndex.values(c.tags(), c.languages()));
            h.createUpdate("DELETE FROM hub_lineage WHERE child_id = :id").bind("id", repo.id()).execute();
            Set<String> seen = new HashSet<>();
            for (String base : c.baseModels()) {
                String key = baseKey(base);
                if (base.length() <= 200 && seen.add(key)) {
                    h.createUpdate("INSERT INTO hub_lineage (child_id, base_key, base_name, relation) VALUES (:c, :k, :n, :r)")
                            .bind("c", repo.id()).bind("k", key).bind("n", base).bind("r", c.relation()).execute();
                }
            }
            ChangeLog.record(h, repo.id(), now);
        });
    }

    static String baseKey(String modelId) {
        return RepoType.MODEL.wire() + ":" + modelId.toLowerCase(Locale.ROOT);
    }

    private record Base(String name, String relation) {}

    private static List<Base> bases(Handle h, String repoId) {
        return h.createQuery("SELECT base_name, relation FROM hub_lineage WHERE child_id = :c ORDER BY base_name")
                .bind("c", repoId).map((rs, ctx) -> new Base(rs.getString("base_name"), rs.getString("relation"))).list();
    }

    private record Child(RepoRows.Row row, String relation) {}

    private static List<Child> children(Handle h, Repo repo) {
        return h.createQuery("SELECT " + RepoRows.COLUMNS + ", l.relation AS rel" + RepoRows.FROM
                        + " JOIN hub_lineage l ON l.child_id = r.id WHERE l.base_key = :k ORDER BY r.name_key")
                .bind("k", baseKey(repo.fullName())).map((rs, ctx) -> new Child(RepoRows.row(rs), rs.getString("rel"))).list();
    }

    Repos.Lineage lineage(Optional<Principal> caller, RepoAccess access, Repo repo) {
        return db.withHandle(h -> {
            List<Base> bases = bases(h, repo.id());
            long children = children(h, repo).stream().filter(c -> access.canRead(h, caller, c.row())).count();
            return new Repos.Lineage(bases.stream().map(Base::name).toList(), bases.isEmpty() ? null : bases.getFirst().relation(), children);
        });
    }

    /**
     * The bases the model's card names, then theirs, up to {@code depth} steps; a base is followed only if it is a
     * repository here the caller may read, and each once (cards can name each other in a cycle).
     */
    static List<FamilyTree.Edge> ancestors(Handle h, Optional<Principal> caller, RepoAccess access, Repo repo, int depth) {
        List<FamilyTree.Edge> up = new ArrayList<>();
        Set<String> seenUp = new HashSet<>(Set.of(repo.id()));
        List<Repo> frontier = List.of(repo);
        for (int d = 1; d <= depth && !frontier.isEmpty(); d++) {
            List<Repo> next = new ArrayList<>();
            for (Repo node : frontier) {
                for (Base b : bases(h, node.id())) {
                    up.add(new FamilyTree.Edge(node.fullName(), b.name(), b.relation(), d));
                    RepoId baseId = parse(b.name());
                    if (baseId != null) {
                        RepoRows.find(h, baseId).filter(row -> access.canRead(h, caller, row) && seenUp.add(row.repo().id()))
                                .ifPresent(row -> next.add(row.repo()));
                    }
                }
            }
            frontier = next;
        }
        return up;
    }

    FamilyTree family(Optional<Principal> caller, RepoAccess access, Repo repo, int depth) {
        return db.withHandle(h -> {
            List<FamilyTree.Edge> up = ancestors(h, caller, access, repo, depth);
            List<FamilyTree.Edge> down = new ArrayList<>();
            Set<String> seenDown = new HashSet<>(Set.of(repo.id()));
            List<Repo> frontier = List.of(repo);
            for (int d = 1; d <= depth && !frontier.isEmpty(); d++) {
                List<Repo> next = new ArrayList<>();
                for (Repo node : frontier) {
                    for (Child c : children(h, node)) {
                        if (access.canRead(h, caller, c.row()) && seenDown.add(c.row().repo().id())) {
                            down.add(new FamilyTree.Edge(c.row().repo().fullName(), node.fullName(), c.relation(), d));
                            next.add(c.row().repo());
                        }
                    }
                }
                frontier = next;
            }
            return new FamilyTree(repo.fullName(), up, down);
        });
    }

    private static RepoId parse(String modelId) {
        String[] parts = modelId.split("/");
        if (parts.length != 2) {
            return null;
        }
        try {
            return RepoId.of(RepoType.MODEL, parts[0], parts[1]);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
