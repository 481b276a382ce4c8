package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.chorus.core.ChorusException;
import org.junit.jupiter.api.Test;

class RefusesUnfitSecureAggregationSettingsTest {
    private static TaskSpec.Builder task(String strategy) {
        return TaskSpec.builder("f", "t", "org/base", "main").strategy(strategy, Map.of());
    }

    @Test
    void strategiesThatNeedIndividualUpdatesAreRefusedWithTheReason() {
        // Prepare
        SecureAggregation on = new SecureAggregation("secagg+", 1.0, 100, 0);

        // Execute + Assert
        for (String robust : new String[] {"krum", "multikrum", "fedmedian", "fedtrimmedavg", "fedbuff"}) {
            assertThatThrownBy(() -> task(robust).secureAggregation(on).build()).isInstanceOf(ChorusException.class)
                    .hasMessageContaining("strategy " + robust + " needs individual updates");
        }
        for (String mean : new String[] {"fedavg", "FedProx", "fedavgm", "fedadam", "fedyogi", "fedadagrad"}) {
            assertThat(task(mean).secureAggregation(on).build().secureAggregation()).isEqualTo(on);
        }
        assertThat(task("krum").build().secureAggregation()).isNull();
    }

    @Test
    void badSettingsAreRefusedWhenTheTaskIsCreated() {
        // Execute + Assert
        assertThatThrownBy(() -> new SecureAggregation("paillier", 1.0, 100, 0)).hasMessageContaining("mode must be secagg or secagg+");
        assertThatThrownBy(() -> new SecureAggregation("secagg", 0, 100, 0)).hasMessageContaining("clipRange");
        assertThatThrownBy(() -> new SecureAggregation("secagg", Double.NaN, 100, 0)).hasMessageContaining("clipRange");
        assertThatThrownBy(() -> new SecureAggregation("secagg", 1.0, 0.5, 0)).hasMessageContaining("maxWeight");
        assertThatThrownBy(() -> new SecureAggregation("secagg", 1.0, 100, 2)).hasMessageContaining("groupSize");
        assertThatThrownBy(() -> task("fedavg").clients(5, 1, 1.0).secureAggregation(new SecureAggregation(null, 1.0, 100, 0)).build())
                .hasMessageContaining("min clients of at least 2");
        assertThat(new SecureAggregation(null, 1.0, 100, 0).mode()).isEqualTo("secagg+");
    }

    @Test
    void differentialPrivacyNeedsClipRangeAtLeastTheClipNormAndCentralDpUnitWeights() {
        // Prepare: C = 0.5
        PrivacySpec central = PrivacySpec.central(1.0, 0.5, 1e-5, 0);
        PrivacySpec local = PrivacySpec.local(1.0, 0.5, 1e-5, 0);
        SecureAggregation unitWeights = new SecureAggregation("secagg+", 0.5, 1, 0);

        // Execute + Assert: accepted
        assertThat(task("fedavg").secureAggregation(unitWeights).privacy(central).build().privacy()).isEqualTo(central);
        assertThat(task("fedadam").secureAggregation(new SecureAggregation("secagg", 3.0, 100, 0)).privacy(local).build().privacy())
                .isEqualTo(local);
        PrivacySpec adaptive = central.withAdaptiveClipping(new PrivacySpec.Adaptive(0.5, 0.2, 1.0));
        assertThat(task("fedavg").secureAggregation(unitWeights).privacy(adaptive).build().privacy()).isEqualTo(adaptive);

        // Execute + Assert: refused, with the reason
        assertThatThrownBy(() -> task("fedavg").secureAggregation(new SecureAggregation("secagg+", 0.4, 1, 0)).privacy(central).build())
                .isInstanceOf(ChorusException.class).hasMessageContaining("clipRange 0.4 is below privacy clipNorm 0.5");
        assertThatThrownBy(() -> task("fedavg").secureAggregation(new SecureAggregation("secagg+", 0.4, 100, 0)).privacy(local).build())
                .hasMessageContaining("clipRange 0.4 is below privacy clipNorm 0.5");
        assertThatThrownBy(() -> task("fedavg").secureAggregation(new SecureAggregation("secagg+", 0.5, 2, 0)).privacy(central).build())
                .hasMessageContaining("unweighted").hasMessageContaining("maxWeight to 1");
        assertThatThrownBy(() -> task("fedavg").secureAggregation(unitWeights).normBound(1.0).build())
                .hasMessageContaining("normBound needs individual updates").hasMessageContaining("clipRange").hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> task("fedavg").secureAggregation(unitWeights).maxExamplesPerClient(10).build())
                .hasMessageContaining("maxExamplesPerClient needs individual updates").hasMessageContaining("maxWeight");
    }

    @Test
    void theSettingsSurviveTheStoredJsonSpec() {
        // Prepare
        TaskSpec spec = task("fedadam").secureAggregation(new SecureAggregation("SecAgg", 0.5, 64, 4)).build();

        // Execute
        TaskSpec back = Json.spec(Json.write(spec));

        // Assert
        assertThat(back.secureAggregation()).isEqualTo(new SecureAggregation("secagg", 0.5, 64, 4));
        assertThat(Json.spec(Json.write(task("fedavg").build())).secureAggregation()).isNull();
    }
}
