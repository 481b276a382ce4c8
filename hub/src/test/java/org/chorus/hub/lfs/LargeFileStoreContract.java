package org.chorus.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every large-file store must do; the chunk store will run this suite too. */
abstract class LargeFileStoreContract {
    @TempDir
    Path dir;
    LargeFileStore store;
    final byte[] bytes = new byte[100_000];
    String oid;

    abstract LargeFileStore open(Path dir);

    @BeforeEach
    void setUp() throws Exception {
        store = open(dir);
        new Random(7).nextBytes(bytes);
        oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static void assertCode(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void storedBytesReadBackWholeAndInRanges() throws Exception {
        store.put(oid, bytes.length, new ByteArrayInputStream(bytes));

        assertThat(store.size(oid)).hasValue(bytes.length);
        try (InputStream all = store.open(oid, 0, bytes.length); InputStream part = store.open(oid, 999, 10)) {
            assertThat(all.readAllBytes()).isEqualTo(bytes);
            assertThat(part.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 999, 1009));
        }
    }

    @Test
    void bytesThatDoNotMatchTheAnnouncedHashOrSizeAreNotStored() {
        byte[] tampered = bytes.clone();
        tampered[500] ^= 1;

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.put(oid, bytes.length, new ByteArrayInputStream(tampered)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.put(oid, bytes.length + 1, new ByteArrayInputStream(bytes)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.put("../../etc/passwd", 1, new ByteArrayInputStream(bytes)));

        assertThat(store.size(oid)).isEmpty();
        assertCode(ErrorCode.NOT_FOUND, () -> store.open(oid, 0, 1));
    }

    @Test
    void anEndlessUploadIsCutOffJustPastTheAnnouncedSize() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.put(oid, 1000, endless));
    }

    @Test
    void storingTwiceIsHarmless() throws Exception {
        store.put(oid, bytes.length, new ByteArrayInputStream(bytes));
        store.put(oid, bytes.length, new ByteArrayInputStream(bytes));

        try (InputStream in = store.open(oid, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void partsJoinInOrderIntoOneVerifiedObject() throws Exception {
        String key = "upload-key-1";
        store.putPart(key, 2, new ByteArrayInputStream(bytes, 60_000, 40_000));
        store.putPart(key, 1, new ByteArrayInputStream(bytes, 0, 60_000));

        store.completeParts(key, 2, oid, bytes.length, () -> {});

        try (InputStream in = store.open(oid, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void missingOrWrongPartsPublishNothing() {
        store.putPart("upload-key-2", 1, new ByteArrayInputStream(bytes, 0, 60_000));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.completeParts("upload-key-2", 2, oid, bytes.length, () -> {}));
        store.putPart("upload-key-2", 2, new ByteArrayInputStream(bytes, 0, 40_000));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.completeParts("upload-key-2", 2, oid, bytes.length, () -> {}));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> store.putPart("../escape", 1, new ByteArrayInputStream(bytes)));

        assertThat(store.size(oid)).isEmpty();
    }
}
