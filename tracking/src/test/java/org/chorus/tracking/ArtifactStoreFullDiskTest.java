package org.chorus.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills while an artifact part is written is the client's "storage full" (507), not an internal error
 * (500), and leaves no partial part behind. The server-level tmpfs test covers LFS; this covers the artifact store.
 */
class ArtifactStoreFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void aPartThatHitsAFullDiskIsStorageFullAndLeavesNothing() throws IOException {
        // Prepare
        ArtifactStore store = ArtifactStore.directory(dir);
        String upload = store.createUpload("1/abc/artifacts/model.bin");
        InputStream fillsTheDisk = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("No space left on device");
                }
                return 7;
            }
        };

        // Execute
        ChorusException e = catchThrowableOfType(ChorusException.class, () -> store.putPart(upload, 1, fillsTheDisk));

        // Assert
        assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FULL);
        assertThat(e.getMessage()).isEqualTo("storage is full while staging part 1 of an upload");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList())
                    .as("only the upload's own marker: no part, no temporary").containsExactly("begun");
        }
    }
}
