package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbedderTest {
    static Embedder embedder;

    @BeforeAll
    static void load() {
        embedder = Embedder.load();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void similarMeaningsAreCloserThanUnrelatedOnes() {
        var v = embedder.embed(List.of("a cat sits on the mat", "a kitten is resting on a rug", "the quarterly tax return is due"));
        assertThat(v).hasNumberOfRows(3);
        for (var row : v) {
            assertThat(row).hasSize(Embedder.DIMENSIONS);
            assertThat(dot(row, row)).isCloseTo(1.0, within(1e-4));
        }
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
    }

    @Test
    void aTextEmbedsTheSameAloneAndPaddedInABatchWithLongerOnes() {
        var alone = embedder.embed("speech recognition for Dutch");
        var longer = "a much longer text about something else entirely, ".repeat(20);
        var batched = embedder.embed(List.of(longer, "speech recognition for Dutch", longer));
        // not exactly 1: the quantized model scales its activations per batch, padding included (measured 0.993);
        // pooling the padding too, or attending to it, gives < 0.9
        assertThat(dot(alone, batched[1])).isCloseTo(1.0, within(0.02));
        assertThat(dot(batched[0], batched[2])).isCloseTo(1.0, within(1e-4));
        assertThat(dot(alone, batched[0])).isLessThan(0.9);
    }

    @Test
    void textBeyondTheTokenLimitIsIgnored() {
        var head = "named entity recognition for German news. ".repeat(60); // far beyond the token limit
        assertThat(dot(embedder.embed(head), embedder.embed(head + "a recipe for apple pie"))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void noTextsNoVectors() {
        assertThat(embedder.embed(List.of())).isEmpty();
    }

    /** Nothing is downloaded: the model, the tokenizer and both native libraries are read out of jars. */
    @Test
    void everythingComesFromJarsOffline() throws Exception {
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        for (var resource : List.of("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so", "native/lib/linux-x86_64/cpu/libtokenizers.so")) {
            var url = Embedder.class.getClassLoader().getResource(resource);
            assertThat(url).as(resource).isNotNull();
            assertThat(url.getProtocol()).as(resource).isEqualTo("jar");
        }
        // surefire gives DJL a cache that starts empty: the tokenizer's library was copied there from its jar
        try (var files = Files.walk(Path.of(System.getProperty("DJL_CACHE_DIR")))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("libtokenizers.so");
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
