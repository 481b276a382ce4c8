package org.chorus.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.chorus.core.ChorusException;
import org.junit.jupiter.api.Test;

class ChorusConfigTest {
    @Test
    void theDefaultTrackingPermissionIsReadAndOnlyMlflowsPermissionsAreAccepted() {
        assertThat(ChorusConfig.builder().build().trackingDefaultPermission()).isEqualTo("READ");
        assertThat(ChorusConfig.builder().trackingDefaultPermission("no_permissions").build().trackingDefaultPermission())
                .isEqualTo("NO_PERMISSIONS");
        assertThatThrownBy(() -> ChorusConfig.builder().trackingDefaultPermission("WRITE").build())
                .isInstanceOf(ChorusException.class).hasMessageContaining("READ, EDIT, MANAGE").hasMessageContaining("'WRITE'");
    }

    @Test
    void theNodeIdDefaultsToAValidFormOfTheHostNameAndRefusesWhatCannotBeALabel() {
        assertThat(ChorusConfig.builder().build().nodeId()).matches("[a-z0-9][a-z0-9._-]{0,62}");
        assertThat(ChorusConfig.builder().nodeId(" node-2 ").build().nodeId()).isEqualTo("node-2");
        for (String bad : new String[] {"a b", "-lead", "x\"y", "n\nlog", "a".repeat(64), "ünï"}) {
            assertThatThrownBy(() -> ChorusConfig.builder().nodeId(bad).build()).as(bad)
                    .isInstanceOf(ChorusException.class).hasMessageContaining("node id");
        }
    }
}
