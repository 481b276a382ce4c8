package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;

/** What every backend promises the chunk store; one subclass per backend supplies a fresh, empty store. */
abstract class ObjectStoreContract {
    abstract ObjectStore store();

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGetReturnsTheSameBytes() {
        try (ObjectStore s = store()) {
            s.put("xorbs/ab/abc", bytes("hello"));
            assertThat(s.get("xorbs/ab/abc")).isEqualTo(bytes("hello"));
            assertThat(s.exists("xorbs/ab/abc")).isTrue();
            assertThat(s.stat("xorbs/ab/abc")).get().extracting(ObjectStore.Info::size).isEqualTo(5L);
        }
    }

    @Test
    void putReplacesAWholeObject() {
        try (ObjectStore s = store()) {
            s.put("a", bytes("first version"));
            s.put("a", bytes("2nd"));
            assertThat(s.get("a")).isEqualTo(bytes("2nd"));
        }
    }

    @Test
    void aMarkIsANewEmptyObjectOfNowAndLeavesNoTemporary() {
        try (ObjectStore s = store()) {
            s.put("touch/ab/x", bytes("older"));
            // Stores keep times to the second at worst.
            java.time.Instant before = java.time.Instant.now().minusSeconds(1);
            s.mark("touch/ab/x");
            s.mark("touch/cd/y");
            assertThat(s.get("touch/ab/x")).isEmpty();
            assertThat(s.get("touch/cd/y")).isEmpty();
            assertThat(s.stat("touch/cd/y").orElseThrow().lastModified()).isAfterOrEqualTo(before);
            assertThat(s.stat("touch/ab/x").orElseThrow().lastModified()).isAfterOrEqualTo(before);
            assertThat(s.temporaries()).isEmpty();
        }
    }

    @Test
    void rangeGetReturnsExactlyTheRange() {
        try (ObjectStore s = store()) {
            s.put("r", bytes("0123456789"));
            assertThat(s.getRange("r", 2, 5)).isEqualTo(bytes("234"));
            assertThat(s.getRange("r", 0, 10)).isEqualTo(bytes("0123456789"));
            assertThat(s.getRange("r", 4, 4)).isEmpty();
        }
    }

    @Test
    void aPublishedDraftIsAnObjectAndAClosedOneLeavesNothing() throws java.io.IOException {
        try (ObjectStore s = store()) {
            try (Draft d = s.draft()) {
                d.write(bytes("0123"), 0, 4);
                d.write(bytes("xx456789"), 2, 6);
                assertThat(d.size()).isEqualTo(10);
                d.publish("xorbs/ab/d");
            }
            try (Draft d = s.draft()) {
                d.write(bytes("never"), 0, 5);
            }

            assertThat(s.get("xorbs/ab/d")).isEqualTo(bytes("0123456789"));
            try (var in = s.openRange("xorbs/ab/d", 3, 7)) {
                assertThat(in.readAllBytes()).isEqualTo(bytes("3456"));
            }
            assertThat(s.list("")).extracting(ObjectStore.Info::name).containsExactly("xorbs/ab/d");
            assertThat(s.temporaries()).isEmpty();
            assertThatThrownBy(() -> s.openRange("xorbs/ab/d", 5, 11)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE);
            assertThatThrownBy(() -> s.openRange("xorbs/ab/none", 0, 1)).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void rangeBeyondTheObjectIsRejected() {
        try (ObjectStore s = store()) {
            s.put("r", bytes("0123456789"));
            for (long[] range : new long[][] {{5, 11}, {20, 30}, {-1, 3}, {6, 5}}) {
                assertThatThrownBy(() -> s.getRange("r", range[0], range[1])).as("%d-%d", range[0], range[1])
                        .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE);
            }
        }
    }

    @Test
    void missingObjectsAreNotFound() {
        try (ObjectStore s = store()) {
            assertThat(s.exists("nope")).isFalse();
            assertThat(s.stat("nope")).isEmpty();
            assertThatThrownBy(() -> s.get("nope")).extracting(e -> ((ChorusException) e).code())
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void listReturnsObjectsUnderAPrefixInNameOrder() {
        try (ObjectStore s = store()) {
            s.put("files/bb/b2", bytes("x"));
            s.put("files/aa/a1", bytes("xy"));
            s.put("xorbs/aa/a1", bytes("z"));
            assertThat(s.list("files/")).extracting(ObjectStore.Info::name).containsExactly("files/aa/a1", "files/bb/b2");
            assertThat(s.list("files/aa/")).extracting(ObjectStore.Info::size).containsExactly(2L);
            assertThat(s.list("nothing/")).isEmpty();
        }
    }

    @Test
    void deleteRemovesAndToleratesMissing() {
        try (ObjectStore s = store()) {
            s.put("d", bytes("x"));
            s.delete("d");
            s.delete("d");
            assertThat(s.exists("d")).isFalse();
            assertThat(s.list("")).isEmpty();
        }
    }

    @Test
    void namesThatCouldEscapeAreRejected() {
        try (ObjectStore s = store()) {
            for (String bad : List.of("../x", "/abs", "a//b", "A", "a/./b", "")) {
                assertThatThrownBy(() -> s.put(bad, bytes("x"))).as(bad).extracting(e -> ((ChorusException) e).code())
                        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            }
        }
    }
}
