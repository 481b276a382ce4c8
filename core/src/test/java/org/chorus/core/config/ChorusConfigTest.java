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
}
