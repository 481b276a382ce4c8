package org.chorus.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "dir with space/ünï #1+2%.txt", "caf\u00e9/\u65e5\u672c.bin", "emoji-\uD83D\uDE00.png"})
    void acceptsComposedVisibleNames(String path) {
        assertThat(PathText.problem(path)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0085b", "a\u200bb", "a\u200cb", "\ufeffa", "a\u202eb", "a\u2066b", "a\u2028b", "a\ud800b"})
    void refusesInvisibleCharactersAndNamesThemInTheMessage(String path) {
        int bad = path.codePoints().filter(c -> !Character.isLetter(c)).findFirst().orElseThrow();

        assertThat(PathText.problem(path)).hasValueSatisfying(why -> assertThat(why).contains(String.format("U+%04X", bad)));
        assertThat(PathText.printable(path)).contains(String.format("\\u%04X", bad)).doesNotContain(new String(Character.toChars(bad)));
    }

    @Test
    void refusesDecomposedNames() {
        assertThat(PathText.problem("cafe\u0301.txt")).hasValueSatisfying(why -> assertThat(why).contains("NFC"));
    }

    @Test
    void limitsEachComponentTo255Bytes() {
        assertThat(PathText.problem("d/" + "x".repeat(255))).isEmpty();
        assertThat(PathText.problem("d/" + "x".repeat(256))).hasValueSatisfying(why -> assertThat(why).contains("256 bytes"));
        assertThat(PathText.problem("\u00e9".repeat(128))).hasValueSatisfying(why -> assertThat(why).contains("256 bytes"));
    }
}
