package org.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Org-1", "model_v2.1", "9lives"})
    void acceptsNamesInThePattern(String name) {
        assertThat(Names.require("name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", ".hidden", "a/b", "a b", "..", "a..b", "x.git", "é", "a\u0000b"})
    void refusesNamesOutsideThePattern(String name) {
        assertThatThrownBy(() -> Names.require("user name", name))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("user name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.", "x-", "a--b", "model.v2-"})
    void newNamesMustEndInAWordCharacterAndHaveNoDoubleDashButStillResolve(String name) {
        assertThatThrownBy(() -> Names.requireNew("repository name", name))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("must end in a letter, digit or '_'");
        assertThat(Names.require("repository name", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "model_v2.1", "x_", "a-b.c"})
    void newNamesInTheHubsRuleAreAccepted(String name) {
        assertThat(Names.requireNew("name", name)).isEqualTo(name);
    }

    @org.junit.jupiter.api.Test
    void refusesOverLongNames() {
        assertThatThrownBy(() -> Names.require("name", "a".repeat(97))).hasMessageContaining("longer than 96");
    }
}
