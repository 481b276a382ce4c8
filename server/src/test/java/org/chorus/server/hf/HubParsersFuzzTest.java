package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chorus.core.ChorusException;
import org.chorus.core.config.ChorusConfig;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoPaths;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.FuzzInputs;
import org.chorus.server.ServerFixture;
import org.chorus.server.http.ErrorResponses;

/**
 * Fuzzes the hub's parsers: directly (the NDJSON commit parser, {@code Range} headers, repository ids and paths, each
 * call under a timeout) and through one server on SQLite with the directory store ({@link HubRoutesFuzz}; its
 * PostgreSQL and S3 twin is {@link PostgresS3HubRoutesFuzzTest}). Whatever arrives, the answer is a value or a client
 * error, never a 5xx, an exception escaping as 500, or a hang. Tries are bounded (the class runs in
 * seconds); jqwik re-tries a failing seed first on the next run.
 */
class HubParsersFuzzTest extends HubRoutesFuzz {
    @BeforeContainer
    static void start() throws IOException {
        open("hub-fuzz", ServerFixture::sqlite);
    }

    /** Runs {@code parse} under a timeout: it may return or throw a ChorusException of a 4xx code, nothing else. */
    static void assertParsesOrRefuses(Runnable parse) {
        assertThatCode(() -> assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                parse.run();
            } catch (ChorusException e) {
                assertThat(ErrorResponses.status(e.code())).as(e.getMessage()).isLessThan(500);
            }
        })).doesNotThrowAnyException();
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void ndjsonCommitParser(@ForAll("commits") String body) {
        assertParsesOrRefuses(() -> NdjsonCommit.parse(body, "main", new FileSizeLimit(ChorusConfig.DEFAULT_MAX_FILE_BYTES)));
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void rangeHeaders(@ForAll("ranges") String header, @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long total) {
        assertParsesOrRefuses(() -> {
            ByteRange r = ByteRange.parse(header, total);
            assertThat(r.start()).isNotNegative();
            assertThat(r.length()).isNotNegative();
            assertThat(r.start() + r.length()).isLessThanOrEqualTo(total);
        });
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void repositoryIdsAndPaths(@ForAll("texts") String owner, @ForAll("texts") String name, @ForAll("texts") String path) {
        for (RepoType type : RepoType.values()) {
            assertParsesOrRefuses(() -> RepoId.of(type, owner, name));
        }
        assertParsesOrRefuses(() -> RepoPaths.require(path));
        assertParsesOrRefuses(() -> RepoPaths.requireNew(path));
        assertParsesOrRefuses(() -> RepoPaths.requireDirectory(path));
    }

    @Provide
    Arbitrary<String> texts() {
        return FuzzInputs.text();
    }

    /** NDJSON commits: real operation lines with random values, random lines, and random bodies. */
    @Provide
    Arbitrary<String> commits() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("header", "file", "lfsFile", "deletedFile", "deletedFolder"), FuzzInputs.text());
        Arbitrary<String> line = Combinators.combine(key, FuzzInputs.jsonValues()).as((k, v) -> FuzzInputs.write(Map.of("key", k, "value", v)));
        Arbitrary<String> header = Arbitraries.just("{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}");
        Arbitrary<String> good = Combinators.combine(FuzzInputs.text(), FuzzInputs.text(), Arbitraries.of("utf-8", "base64", "hex", ""))
                .as((p, c, e) -> FuzzInputs.write(Map.of("key", "file", "value", Map.of("path", p, "content", c, "encoding", e))));
        Arbitrary<String> lfs = Combinators.combine(FuzzInputs.text(), FuzzInputs.jsonValues())
                .as((p, size) -> FuzzInputs.write(Map.of("key", "lfsFile", "value", Map.of("path", p, "algo", "sha256", "oid", "a".repeat(64), "size", size))));
        return Arbitraries.oneOf(header, line, good, lfs, FuzzInputs.bodies()).list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("\n", l));
    }
}
