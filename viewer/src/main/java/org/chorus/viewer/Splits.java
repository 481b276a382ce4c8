package org.chorus.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.viewer.RepoFiles.StoredFile;

/**
 * A repository's splits, named from its data files as the Hub names them: a path with {@code train}, {@code test} or
 * {@code validation} (also {@code valid}, {@code val}, {@code dev}) as a word of a directory or file name belongs to
 * that split, any other data file to {@code train}; one config, {@code default}. A split whose files mix formats
 * keeps the format most of its files have.
 */
final class Splits {
    record Split(String config, String name, DataFormat format, List<StoredFile> files) {}

    private static final List<String> ORDER = List.of("train", "validation", "test");
    private static final Map<String, String> WORDS = Map.of("train", "train", "training", "train", "test", "test",
            "testing", "test", "validation", "validation", "valid", "validation", "val", "validation", "dev", "validation");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", ".github", ".cache");

    private Splits() {}

    static List<Split> of(List<StoredFile> files) {
        Map<String, Map<DataFormat, List<StoredFile>>> bySplit = new LinkedHashMap<>();
        for (StoredFile f : files) {
            if (SKIPPED_DIRECTORIES.stream().anyMatch(d -> f.path().startsWith(d + "/"))) {
                continue;
            }
            DataFormat.of(f.path()).ifPresent(format -> bySplit.computeIfAbsent(splitOf(f.path()), k -> new EnumMap<>(DataFormat.class))
                    .computeIfAbsent(format, k -> new ArrayList<>()).add(f));
        }
        List<Split> splits = new ArrayList<>();
        bySplit.forEach((name, formats) -> {
            var most = formats.entrySet().stream().max(Comparator.comparingInt((Map.Entry<DataFormat, List<StoredFile>> e) -> e.getValue().size())
                    .thenComparing(e -> -e.getKey().ordinal())).orElseThrow();
            List<StoredFile> sorted = most.getValue().stream().sorted(Comparator.comparing(StoredFile::path)).toList();
            splits.add(new Split(DatasetViewer.DEFAULT_CONFIG, name, most.getKey(), sorted));
        });
        splits.sort(Comparator.comparingInt((Split s) -> ORDER.indexOf(s.name()) < 0 ? ORDER.size() : ORDER.indexOf(s.name())).thenComparing(Split::name));
        return splits;
    }

    /** The split named by the request; unknown names are 404 with the names there are. */
    static Split find(List<Split> splits, String config, String split) {
        for (Split s : splits) {
            if (s.config().equals(config) && s.name().equals(split)) {
                return s;
            }
        }
        throw new ChorusException(ErrorCode.NOT_FOUND, "no split '" + split + "' in config '" + config + "'; the splits are "
                + String.join(", ", splits.stream().map(s -> s.config() + "/" + s.name()).toList()));
    }

    private static String splitOf(String path) {
        for (String word : path.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            String split = WORDS.get(word);
            if (split != null) {
                return split;
            }
        }
        return "train";
    }
}
