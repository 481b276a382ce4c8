package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which per-view answers a new view keeps: the lineage-free ones across a slice of re-puts, nothing otherwise. */
class SearchIndexViewsTest {
    @TempDir
    Path dir;

    private final AtomicInteger computed = new AtomicInteger();

    @Test
    void aSliceOfReputsKeepsTheLineageFreeAnswersAndAnyOtherRefreshDropsThem() throws Exception {
        try (SearchIndex index = SearchIndex.open(dir)) {
            assertThat(lineageFree(index)).isEqualTo(1);
            assertThat(lineageFree(index)).as("the same view").isEqualTo(1);
            assertThat(memo(index)).isEqualTo(2);

            index.withdrawn(Set.of("alice/ft1")); // a new view, as a slice's
            index.refreshReputs();
            assertThat(lineageFree(index)).as("kept by a slice's view").isEqualTo(1);
            assertThat(memo(index)).as("an answer that may read lineages is not").isEqualTo(3);

            index.withdrawn(Set.of());
            index.refresh();
            assertThat(lineageFree(index)).as("dropped by any other refresh").isEqualTo(4);
        }
    }

    @Test
    void anAnswerComputedOnAViewAfterASliceMadeANewerOneServesTheNewerOne() throws Exception {
        try (SearchIndex index = SearchIndex.open(dir)) {
            // a ranking slower than a slice: it starts on one view and is stored after the next slice's view was made
            int answered = index.read(older -> {
                try {
                    index.withdrawn(Set.of("alice/ft1"));
                    index.refreshReputs();
                    return older.lineageFreeMemo(Integer.class, computed::incrementAndGet);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(answered).isEqualTo(1);
            assertThat(lineageFree(index)).as("the newer view takes the older one's answer").isEqualTo(1);

            index.withdrawn(Set.of());
            index.refresh();
            assertThat(lineageFree(index)).as("until any other refresh").isEqualTo(2);
        }
    }

    private int lineageFree(SearchIndex index) {
        return answer(index, (v, compute) -> v.lineageFreeMemo(Integer.class, compute));
    }

    private int memo(SearchIndex index) {
        return answer(index, (v, compute) -> v.memo(Integer.class, compute));
    }

    private interface Memo {
        Integer get(SearchIndex.View view, SearchIndex.View.Computation<Integer> compute) throws IOException;
    }

    /** The current view's answer through {@code memo}, computed as the next count when it has none. */
    private int answer(SearchIndex index, Memo memo) {
        return index.read(v -> {
            try {
                return memo.get(v, computed::incrementAndGet);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
