package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.chorus.server.ServerFixture;
import org.chorus.server.http.ResponseChannel;
import org.junit.jupiter.api.Test;

class DirectoryBadDownloadClientsTest extends BadDownloadClientsContract {
    @Override
    ServerFixture start(Path dataDir) {
        return ServerFixture.sqlite(dataDir);
    }

    @Test
    void verifiedBytesGoOutWithSendfileWholeAndRanged() throws Exception {
        // Prepare: the first download verifies every chunk
        assertThat(get("GET", "/alice/m/resolve/main/w.bin", null, null).body()).isEqualTo(bytes);

        // Execute
        long before = ResponseChannel.bytesSentAsFileRegions();
        HttpResponse<byte[]> whole = get("GET", "/alice/m/resolve/main/w.bin", null, null);
        long afterWhole = ResponseChannel.bytesSentAsFileRegions();
        HttpResponse<byte[]> range = get("GET", "/alice/m/resolve/main/w.bin", "bytes=1000000-3000000", null);
        long afterRange = ResponseChannel.bytesSentAsFileRegions();

        // Assert: random bytes are stored raw, so every byte went out by sendfile (from the chunks or the file cache)
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(afterWhole - before).isEqualTo(bytes.length);
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 1_000_000, 3_000_001));
        assertThat(afterRange - afterWhole).isEqualTo(2_000_001);
    }
}
