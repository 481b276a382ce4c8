package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.chorus.xet.Blake3;
import org.junit.jupiter.api.Test;

class DedupShardIsKeyedTest {
    @Test
    void answerListsTheXorbsChunksKeyedWithTheFootersKey() {
        try (ChunkStore store = ChunkStore.open(StorageConfig.parse("memory:"))) {
            byte[] data = new byte[400_000];
            new Random(3).nextBytes(data);
            FileRecord file = store.ingest(new ByteArrayInputStream(data));
            XorbLayout layout = ((DefaultChunkStore) store).layout(file.terms().get(0).xorb());
            ChunkHash second = layout.chunk(1);

            byte[] answer = store.dedupShard(second).orElseThrow();

            ShardFormat.Shard shard = ShardFormat.read(answer, "answer");
            assertThat(shard.files()).isEmpty();
            assertThat(shard.xorbs()).hasSize(1);
            ShardFormat.ShardXorb x = shard.xorbs().get(0);
            assertThat(x.hash()).isEqualTo(layout.hash);
            assertThat(x.chunks()).hasSize(layout.chunkCount()).doesNotContain(second);
            byte[] key = Arrays.copyOfRange(answer, answer.length - 200 + 72, answer.length - 200 + 104);
            byte[] expected = new Blake3(key).hash(second.bytes(), 0, 32);
            assertThat(x.chunks().get(1)).isEqualTo(ChunkHash.of(expected));
            assertThat(x.rawSizes()[1]).isEqualTo(layout.rawSize(1));
            assertThat(store.dedupShard(ChunkHash.of(new byte[32]))).isEmpty();
        }
    }
}
