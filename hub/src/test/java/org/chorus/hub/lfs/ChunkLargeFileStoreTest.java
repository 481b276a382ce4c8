package org.chorus.hub.lfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.chorus.core.db.Database;
import org.chorus.core.db.TestDatabases;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.StorageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChunkLargeFileStoreTest extends LargeFileStoreContract {
    Database db;
    ChunkStore chunks;

    @Override
    LargeFileStore open(Path dir) {
        db = TestDatabases.sqlite(dir.resolve("db"));
        chunks = ChunkStore.open(StorageConfig.parse(dir.resolve("chunks").toString()));
        return LargeFileStore.chunked(chunks, db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        chunks.close();
        db.close();
    }

    private long storedBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("chunks"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aSecondVersionWithOneEditCostsOnlyTheChangedChunks() throws Exception {
        byte[] v1 = new byte[4 << 20];
        new Random(11).nextBytes(v1);
        byte[] v2 = v1.clone();
        v2[2 << 20] ^= 0x5a;
        store.put(sha256(v1), v1.length, new ByteArrayInputStream(v1));
        long afterFirst = storedBytes();

        store.put(sha256(v2), v2.length, new ByteArrayInputStream(v2));

        long added = storedBytes() - afterFirst;
        assertThat(afterFirst).isGreaterThan(v1.length);
        assertThat(added).as("bytes stored for the second version").isLessThan(v2.length / 8);
        try (var in = store.open(sha256(v2), 0, v2.length)) {
            assertThat(in.readAllBytes()).isEqualTo(v2);
        }
    }

    @Test
    void garbageCollectionKeepsEveryMappedFile() throws Exception {
        store.put(oid, bytes.length, new ByteArrayInputStream(bytes));

        chunks.gc(Duration.ZERO);

        try (var in = store.open(oid, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }
}
