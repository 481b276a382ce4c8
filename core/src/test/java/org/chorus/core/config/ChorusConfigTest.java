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

    @Test
    void theFederatedAddressIsTheOneGivenOrTheListenHostWithTheBoundPortAndRefusesWhatIsNotHostAndPort() {
        assertThat(ChorusConfig.builder().federatedAddress(" chorus-2.internal:9091 ").build().federatedAddress(1234)).isEqualTo("chorus-2.internal:9091");
        assertThat(ChorusConfig.builder().host("10.0.0.7").build().federatedAddress(9091)).isEqualTo("10.0.0.7:9091");
        assertThat(ChorusConfig.builder().host("::1").build().federatedAddress(9091)).isEqualTo("[::1]:9091");
        ChorusConfig everywhere = ChorusConfig.builder().host("0.0.0.0").nodeId("n1").build();
        assertThat(everywhere.federatedAddress(9092)).endsWith(":9092").doesNotStartWith("0.0.0.0");
        for (String bad : new String[] {"host", "host:", ":9091", "a b:1", "h:99999", "http://h:1", "h:1/x"}) {
            assertThatThrownBy(() -> ChorusConfig.builder().federatedAddress(bad).build()).as(bad)
                    .isInstanceOf(ChorusException.class).hasMessageContaining("federated address");
        }
    }
}
