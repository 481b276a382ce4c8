package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from the directory store send chunks a read has verified without hashing them again; a byte that rots
 * on disk (its file's size and time unchanged) is still never sent as good by a fresh check: a new process, a mark
 * past its lifetime, the Xet xorb route and fsck all find it.
 */
class VerifiedReadsTest {
    @TempDir
    Path dir;
    byte[] data;
    FileRecord file;
    Path xorbFile;

    @BeforeEach
    void storeAFileAndRotAByte() throws IOException {
        data = SplitMix.randomData(30_000, 5);
        try (DefaultChunkStore store = open()) {
            file = store.ingest(new ByteArrayInputStream(data));
        }
        xorbFile = dir.resolve(DefaultChunkStore.xorbName(file.terms().getFirst().xorb()));
    }

    DefaultChunkStore open() {
        return new DefaultChunkStore(new DirectoryObjectStore(dir), ChunkStoreContract.SMALL);
    }

    /** Flips one byte of the first chunk's data and puts the file's time back, as bit rot would leave it. */
    void rot() throws IOException {
        FileTime time = Files.getLastModifiedTime(xorbFile);
        try (RandomAccessFile f = new RandomAccessFile(xorbFile.toFile(), "rw")) {
            f.seek(ChunkCodec.HEADER + 10);
            int b = f.read();
            f.seek(ChunkCodec.HEADER + 10);
            f.write(b ^ 0x01);
        }
        Files.setLastModifiedTime(xorbFile, time);
    }

    static ErrorCode code(Throwable e) {
        return ((ChorusException) e).code();
    }

    @Test
    void aRottenByteIsRefusedByAFreshCheckAndReportedByFsck() throws IOException {
        // Prepare
        try (DefaultChunkStore served = open()) {
            assertThat(ChunkStoreContract.transferAll(served.read(file.hash()))).isEqualTo(data);
            rot();

            // Execute + Assert: a new process
            try (DefaultChunkStore fresh = open()) {
                assertThatThrownBy(() -> ChunkStoreContract.transferAll(fresh.read(file.hash())))
                        .extracting(VerifiedReadsTest::code).isEqualTo(ErrorCode.DATA_CORRUPTED);
                assertThatThrownBy(() -> ChunkStoreContract.readAll(fresh.readXorb(file.terms().getFirst().xorb(), 0, 100)))
                        .extracting(VerifiedReadsTest::code).isEqualTo(ErrorCode.DATA_CORRUPTED);
                assertThat(fresh.fsck().ok()).isFalse();
            }
            // the serving process, once its marks have lived their time
            served.verified.ttl(Duration.ZERO);
            assertThatThrownBy(() -> ChunkStoreContract.transferAll(served.read(file.hash())))
                    .extracting(VerifiedReadsTest::code).isEqualTo(ErrorCode.DATA_CORRUPTED);
        }
    }

    @Test
    void aRewrittenXorbFileLosesItsMarks() throws IOException {
        try (DefaultChunkStore served = open()) {
            assertThat(ChunkStoreContract.transferAll(served.read(file.hash()))).isEqualTo(data);
            byte[] bytes = Files.readAllBytes(xorbFile);
            bytes[ChunkCodec.HEADER + 10] ^= 0x01;
            Files.write(xorbFile, bytes);
            Files.setLastModifiedTime(xorbFile, FileTime.fromMillis(Files.getLastModifiedTime(xorbFile).toMillis() + 5000));

            assertThatThrownBy(() -> ChunkStoreContract.transferAll(served.read(file.hash())))
                    .extracting(VerifiedReadsTest::code).isEqualTo(ErrorCode.DATA_CORRUPTED);
        }
    }
}
