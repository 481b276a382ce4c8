package org.chorus.server.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.chorus.server.FuzzInputs;
import org.chorus.server.ServerFixture;

/**
 * Fuzzes the hub's routes through one server started for the class by the subclass (SQLite with the directory store,
 * PostgreSQL with S3): commits, preupload, paths-info, the LFS batch API, repository creation, and random paths with
 * random {@code Range} headers. Whatever arrives, the answer is a client error at worst, never a 5xx or a hang.
 */
abstract class HubRoutesFuzz {
    private static final String[] JSON_ROUTES = {"/api/models/alice/m/commit/main", "/api/models/alice/m/preupload/main", "/api/models/alice/m/paths-info/main",
            "/alice/m.git/info/lfs/objects/batch", "/api/repos/create", "/api/models/alice/m/branch/b", "/api/models/alice/m/tag/main",
            "/api/datasets/alice/m/commit/main", "/api/models/alice/m/commit/refs%2Fheads%2Fmain"};
    static Path dir;
    static ServerFixture server;
    static String alice;

    /** Starts the class's server on a fresh data directory, with one user and a model holding one small file. */
    static void open(String name, Function<Path, ServerFixture> start) throws IOException {
        dir = Files.createTempDirectory(name);
        server = start.apply(dir);
        alice = HubFixtures.user(server, "alice", "write");
        server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}");
        server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"config.json\",\"content\":\"0123456789\"}}");
    }

    @AfterContainer
    static void close() throws IOException {
        server.close();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Deeper than Jackson's nesting limit: its exception has no location, which once made a 500. */
    @Example
    void jsonNestedTooDeeplyIsAClientError() {
        String body = "[".repeat(1_500) + "]".repeat(1_500);
        for (String route : JSON_ROUTES) {
            FuzzInputs.assertClientErrorAtWorst(server, "POST", route, alice, Map.of("Content-Type", "application/json"), body);
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void jsonRoutesOverHttp(@ForAll("jsonRoutes") String route, @ForAll("bodies") String body, @ForAll boolean authenticated) {
        FuzzInputs.assertClientErrorAtWorst(server, "POST", route, authenticated ? alice : null, Map.of("Content-Type", "application/json"), body);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void pathsAndRangesOverHttp(@ForAll("paths") String path, @ForAll("ranges") String range, @ForAll boolean authenticated) {
        FuzzInputs.assertClientErrorAtWorst(server, "GET", path, authenticated ? alice : null, Map.of("Range", range), null);
    }

    @Provide
    Arbitrary<String> bodies() {
        return FuzzInputs.bodies();
    }

    /** Range headers: well-formed, reversed, open, suffix, several, huge, negative and garbage (printable ASCII: HTTP header text). */
    @Provide
    Arbitrary<String> ranges() {
        Arbitrary<String> bound = Arbitraries.oneOf(Arbitraries.longs().between(-5, 40).map(String::valueOf), Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("", " ", "99999999999999999999999", "a", "0x10", "+5", "1.5"));
        Arbitrary<String> spec = Combinators.combine(bound, bound).as((a, b) -> a + "-" + b);
        return Arbitraries.oneOf(spec.map(s -> "bytes=" + s), spec.list().ofMinSize(2).ofMaxSize(3).map(l -> "bytes=" + String.join(",", l)),
                spec.map(s -> "items=" + s), FuzzInputs.text().map(s -> s.replaceAll("[^\\x20-\\x7e]", "")));
    }

    @Provide
    Arbitrary<String> jsonRoutes() {
        return Arbitraries.of(JSON_ROUTES);
    }

    @Provide
    Arbitrary<String> paths() {
        return FuzzInputs.segments().list().ofMinSize(1).ofMaxSize(7).map(l -> "/" + String.join("/", l));
    }
}
