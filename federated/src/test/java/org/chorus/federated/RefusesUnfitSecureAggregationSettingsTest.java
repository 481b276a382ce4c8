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
