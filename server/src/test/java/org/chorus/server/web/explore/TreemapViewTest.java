package org.chorus.server.web.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chorus.discovery.Explorers.Measure;
import org.chorus.discovery.Explorers.Organization;
import org.chorus.discovery.Explorers.Profile;
import org.chorus.discovery.Explorers.TaskShare;
import org.junit.jupiter.api.Test;

/** What the treemap draws: only what has some of the measure, in both layouts, and a legend of what is drawn. */
class TreemapViewTest {
    /** lab: 3 models, 7 downloads, all of them its image models'; idle: 1 model, no downloads. */
    private static final List<Profile> PROFILES = List.of(
            new Profile(new Organization("lab", 3, 0, 7, 0),
                    List.of(new TaskShare("image-classification", 2, 7, 0), new TaskShare("(no task)", 1, 0, 0))),
            new Profile(new Organization("idle", 1, 0, 0, 0), List.of(new TaskShare("fill-mask", 1, 0, 0))));

    @Test
    void byDownloadsNeitherAnOwnerNorATaskWithoutAnyIsDrawnOrListed() {
        TreemapView map = TreemapView.of(PROFILES, Measure.DOWNLOADS, name -> "/explore/organizations/" + name);
        assertThat(map.layouts()).extracting(TreemapView.Layout::name).containsExactly("wide", "narrow");
        for (TreemapView.Layout layout : map.layouts()) {
            assertThat(layout.organizations()).extracting(TreemapView.OrgTile::label).containsExactly("lab");
            assertThat(layout.organizations().getFirst().tasks()).extracting(TreemapView.TaskTile::title)
                    .containsExactly("lab · image-classification: 7 downloads");
        }
        assertThat(map.legend()).extracting(TreemapView.Legend::task).containsExactly("image-classification");
        assertThat(map.isEmpty()).isFalse();
    }

    @Test
    void byModelsEveryOwnerAndTaskIsDrawnAndListed() {
        TreemapView map = TreemapView.of(PROFILES, Measure.MODELS, name -> "/explore/organizations/" + name);
        assertThat(map.layouts().getFirst().organizations()).extracting(TreemapView.OrgTile::label).containsExactly("lab", "idle");
        assertThat(map.legend()).extracting(TreemapView.Legend::task).containsExactlyInAnyOrder("image-classification", "(no task)", "fill-mask");
    }

    @Test
    void nothingOfTheMeasureIsNothingToDraw() {
        assertThat(TreemapView.of(PROFILES, Measure.LIKES, name -> "/explore/organizations/" + name).isEmpty()).isTrue();
    }
}
