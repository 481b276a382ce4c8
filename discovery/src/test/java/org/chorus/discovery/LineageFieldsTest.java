package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.chorus.discovery.LineageFields.Base;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.junit.jupiter.api.Test;

/** Relations as the hub wrote them, else inferred as the Hub infers them (rows of an imported snapshot carry no relation tag). */
class LineageFieldsTest {
    private static Repo row(String library, String... tags) {
        return new Repo("r1", RepoId.of(RepoType.MODEL, "a", "m"), false, Instant.EPOCH, Instant.EPOCH, null, 0, 0, 0, null, library,
                List.of(tags), null, 0);
    }

    @Test
    void theRelationTagWinsElsePeftIsAnAdapterGgufAQuantizationSeveralBasesAMerge() {
        assertThat(LineageFields.bases(row("transformers", "base_model:Org/Base", "base_model:quantized:Org/Base")))
                .containsExactly(new Base("Org/Base", "quantized"));
        assertThat(LineageFields.bases(row("peft", "base_model:Org/Base"))).containsExactly(new Base("Org/Base", "adapter"));
        assertThat(LineageFields.bases(row(null, "gguf", "base_model:Org/Base"))).containsExactly(new Base("Org/Base", "quantized"));
        assertThat(LineageFields.bases(row("transformers", "base_model:a/x", "base_model:b/y")))
                .containsExactly(new Base("a/x", "merge"), new Base("b/y", "merge"));
        assertThat(LineageFields.bases(row("transformers", "base_model:a/x"))).containsExactly(new Base("a/x", "finetune"));
        assertThat(LineageFields.bases(row("transformers", "license:mit", "base_model:"))).isEmpty();
    }

    @Test
    void licencesRankFromPermissiveToNonCommercialAndOtherHasNoRank() {
        assertThat(LicenceOrder.rank("Apache-2.0")).hasValue(LicenceOrder.PERMISSIVE);
        assertThat(LicenceOrder.rank("cc-by-sa-4.0")).hasValue(LicenceOrder.SHARE_ALIKE);
        assertThat(LicenceOrder.rank("gpl-3.0")).hasValue(LicenceOrder.COPYLEFT);
        assertThat(LicenceOrder.rank("llama3.1")).hasValue(LicenceOrder.USE_RESTRICTED);
        assertThat(LicenceOrder.rank("cc-by-nc-sa-4.0")).hasValue(LicenceOrder.NON_COMMERCIAL);
        assertThat(LicenceOrder.rank("other")).isEmpty();
    }
}
