package org.chorus.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.chorus.core.ChorusException;
import org.chorus.core.Names;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoType;

/**
 * The ecosystem explorers' numbers, read from an {@link Ecosystem}'s documents with the caller's visibility filter
 * (so a private repository is counted only for those who may read it): ModelVerse (owners ranked by models,
 * datasets, downloads and likes; their models by task for the treemap) and DataVerse (datasets by task, modality,
 * size and licence; the datasets most models were trained on). Each view is one or two grouping passes
 * ({@link Grouping}) over the matching documents; nothing is kept between requests.
 */
public final class Explorers {
    /** Rows per page of a ranking, and values per DataVerse column. */
    public static final int MAX_LIMIT = 100;
    /** Rankings are read to a depth of 10,000 rows: past that a reader is a crawler. */
    public static final int MAX_OFFSET = 10_000;
    /** Organisations a treemap draws at most. */
    public static final int MAX_TREEMAP = 50;
    /** The task of a model whose card names none, in a treemap. */
    public static final String NO_TASK = "(no task)";

    private final EcosystemChoice ecosystems;

    public Explorers(EcosystemChoice ecosystems) {
        this.ecosystems = ecosystems;
    }

    /** What rankings and treemaps order owners by. */
    public enum Measure {
        MODELS(Organization::models), DATASETS(Organization::datasets), DOWNLOADS(Organization::downloads), LIKES(Organization::likes);

        private final ToLongFunction<Organization> value;

        Measure(ToLongFunction<Organization> value) {
            this.value = value;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The measure named {@code s} (null: models); anything else is refused. */
        public static Measure parse(String s) {
            if (s == null || s.isBlank()) {
                return MODELS;
            }
            return Arrays.stream(values()).filter(m -> m.wire().equals(s)).findFirst().orElseThrow(() -> ChorusException.invalid(
                    "sort must be one of " + String.join(", ", Arrays.stream(values()).map(Measure::wire).toList())));
        }

        public long of(Organization o) {
            return value.applyAsLong(o);
        }
    }

    /** An owner (organisation or user) and its repositories: how many of each type, their downloads and likes. */
    public record Organization(String name, long models, long datasets, long downloads, long likes) {}

    /** One page of owners ranked by a measure, largest first (ties by name); {@code total}: owners with a repository. */
    public Page<Organization> organizations(Optional<Principal> caller, String ecosystem, Measure by, int offset, int limit) {
        requireWindow(offset, limit);
        List<Organization> all = ecosystems.named(ecosystem).read(caller, (view, visible) -> ranked(view.searcher, visible, by, null));
        return new Page<>(List.copyOf(all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()))), all.size(),
                offset + limit < all.size());
    }

    /** One owner's totals, and its models' count, downloads and likes per task (largest first by {@code by}). */
    public record Profile(Organization totals, List<TaskShare> tasks) {}

    /** A task and the owner's models with it: how many, their downloads and likes. */
    public record TaskShare(String task, long models, long downloads, long likes) {
        public long of(Measure m) {
            return switch (m) {
                case DOWNLOADS -> downloads;
                case LIKES -> likes;
                default -> models;
            };
        }
    }

    /** The owner's profile; NOT_FOUND when the caller sees no repository of it in the ecosystem. */
    public Profile organization(Optional<Principal> caller, String ecosystem, String name, Measure by) {
        Names.require("organization", name);
        return ecosystems.named(ecosystem).read(caller, (view, visible) -> {
            List<Organization> one = ranked(view.searcher, visible, by, name);
            if (one.isEmpty()) {
                throw ChorusException.notFound("no repositories of '" + name + "' here");
            }
            return new Profile(one.getFirst(), tasks(view.searcher, visible, name, by));
        });
    }

    /**
     * The treemap's data: the {@code orgs} largest owners by {@code by} (models, downloads or likes of their models)
     * and each one's models by task. Owners without models are left out.
     */
    public List<Profile> treemap(Optional<Principal> caller, String ecosystem, Measure by, int orgs) {
        if (orgs < 1 || orgs > MAX_TREEMAP) {
            throw ChorusException.invalid("organizations must be between 1 and " + MAX_TREEMAP);
        }
        if (by == Measure.DATASETS) {
            throw ChorusException.invalid("a treemap of models is sized by models, downloads or likes");
        }
        return ecosystems.named(ecosystem).read(caller, (view, visible) -> {
            List<Profile> out = new ArrayList<>();
            for (Organization o : ranked(view.searcher, visible, by, null)) {
                if (out.size() == orgs) {
                    break;
                }
                if (o.models() > 0) {
                    out.add(new Profile(o, tasks(view.searcher, visible, o.name(), by)));
                }
            }
            return out;
        });
    }

    /** A value of a column and how many matching repositories have it. */
    public record ValueCount(String value, long count) {}

    /** DataVerse's columns, in the order the page shows them. */
    public static final List<String> DATASET_COLUMNS = List.of(RepoDocuments.TASK_CATEGORIES, RepoDocuments.MODALITY,
            RepoDocuments.SIZE, RepoDocuments.LICENSE);

    /** How many datasets there are, and the {@code perColumn} most frequent values of each of {@link #DATASET_COLUMNS}. */
    public record Datasets(long total, Map<String, List<ValueCount>> columns) {}

    public Datasets datasets(Optional<Principal> caller, String ecosystem, int perColumn) {
        requireWindow(0, perColumn);
        return ecosystems.named(ecosystem).read(caller, (view, visible) -> {
            Query datasets = ofKind(RepoType.DATASET, visible, null);
            Map<String, List<ValueCount>> columns = new LinkedHashMap<>();
            for (String column : DATASET_COLUMNS) {
                columns.put(column, top(Grouping.by(view.searcher, datasets, column), 0, perColumn));
            }
            return new Datasets(view.searcher.count(datasets), columns);
        });
    }

    /** The datasets most models' cards name ({@code datasets:}), most first, ties by name; {@code total}: distinct datasets named. */
    public Page<ValueCount> trainedOn(Optional<Principal> caller, String ecosystem, int offset, int limit) {
        requireWindow(offset, limit);
        return ecosystems.named(ecosystem).read(caller, (view, visible) -> {
            Map<String, Grouping.Sums> named = Grouping.by(view.searcher, ofKind(RepoType.MODEL, visible, null), RepoDocuments.TRAINED_ON);
            return new Page<>(top(named, offset, limit), named.size(), offset + limit < named.size());
        });
    }

    private static List<ValueCount> top(Map<String, Grouping.Sums> sums, int offset, int limit) {
        return sums.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Grouping.Sums> e) -> -e.getValue().count()).thenComparing(Map.Entry::getKey))
                .skip(offset).limit(limit).map(e -> new ValueCount(e.getKey(), e.getValue().count())).toList();
    }

    /** Every owner (or only {@code owner}) with its totals, ranked by {@code by}, ties by name. */
    private static List<Organization> ranked(IndexSearcher searcher, Query visible, Measure by, String owner) throws IOException {
        Map<String, Grouping.Sums> models = Grouping.by(searcher, ofKind(RepoType.MODEL, visible, owner), RepoDocuments.OWNER_NAME);
        Map<String, Grouping.Sums> datasets = Grouping.by(searcher, ofKind(RepoType.DATASET, visible, owner), RepoDocuments.OWNER_NAME);
        Map<String, Organization> all = new LinkedHashMap<>();
        Grouping.Sums none = new Grouping.Sums(0, 0, 0);
        models.keySet().forEach(n -> all.put(n, null));
        datasets.keySet().forEach(n -> all.put(n, null));
        all.replaceAll((n, ignored) -> {
            Grouping.Sums m = models.getOrDefault(n, none);
            Grouping.Sums d = datasets.getOrDefault(n, none);
            return new Organization(n, m.count(), d.count(), m.downloads() + d.downloads(), m.likes() + d.likes());
        });
        return all.values().stream().sorted(Comparator.comparingLong((Organization o) -> -by.of(o)).thenComparing(Organization::name)).toList();
    }

    private static List<TaskShare> tasks(IndexSearcher searcher, Query visible, String owner, Measure by) throws IOException {
        Query models = ofKind(RepoType.MODEL, visible, owner);
        Map<String, Grouping.Sums> byTask = Grouping.by(searcher, models, RepoDocuments.PIPELINE);
        List<TaskShare> out = new ArrayList<>();
        byTask.forEach((task, s) -> out.add(new TaskShare(task, s.count(), s.downloads(), s.likes())));
        Grouping.Sums all = Grouping.by(searcher, models, RepoDocuments.KIND).values().stream()
                .reduce(new Grouping.Sums(0, 0, 0), Grouping.Sums::plus);
        long tagged = byTask.values().stream().mapToLong(Grouping.Sums::count).sum();
        if (all.count() > tagged) {
            long d = byTask.values().stream().mapToLong(Grouping.Sums::downloads).sum();
            long l = byTask.values().stream().mapToLong(Grouping.Sums::likes).sum();
            out.add(new TaskShare(NO_TASK, all.count() - tagged, all.downloads() - d, all.likes() - l));
        }
        out.sort(Comparator.comparingLong((TaskShare t) -> -t.of(by)).thenComparing(TaskShare::task));
        return out;
    }

    /** Repositories of one type the caller may read, optionally of one owner. */
    private static Query ofKind(RepoType type, Query visible, String owner) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new TermQuery(new Term(RepoDocuments.KIND, type.wire())), Occur.FILTER);
        if (visible != null) {
            b.add(visible, Occur.FILTER);
        }
        if (owner != null) {
            b.add(new TermQuery(new Term(RepoDocuments.OWNER, owner.toLowerCase(Locale.ROOT))), Occur.FILTER);
        }
        return new ConstantScoreQuery(b.build());
    }

    private static void requireWindow(int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ChorusException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ChorusException.invalid("offset must be between 0 and " + MAX_OFFSET);
        }
    }
}
