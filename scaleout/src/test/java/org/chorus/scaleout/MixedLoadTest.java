package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The benchmark's load driver against a JDK HTTP server that answers 200 on one path and 500 on another. */
class MixedLoadTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void countsAnswersAndErrorsPerKindInsideTheWindowAndWhichNodeAnswered() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", x -> {
            x.getResponseHeaders().add("X-Chorus-Node", "n7");
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.createContext("/broken", x -> {
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.start();
        List<String> calls = new CopyOnWriteArrayList<>();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            MixedLoad load = new MixedLoad(List.of(
                    new MixedLoad.Kind("ok", 3, (client, random) -> get(base + "/ok")),
                    new MixedLoad.Kind("broken", 1, (client, random) -> get(base + "/broken"))));
            MixedLoad.Result r = load.run(2, new MixedLoad.Warmup(Duration.ofMillis(100), Duration.ofSeconds(30), 1, 20), Duration.ofMillis(500), () -> calls.add("start"), () -> calls.add("end"));

            assertThat(calls).containsExactly("start", "end");
            MixedLoad.KindResult ok = r.kinds().get(0);
            MixedLoad.KindResult broken = r.kinds().get(1);
            assertThat(ok.name()).isEqualTo("ok");
            assertThat(ok.ok()).isPositive();
            assertThat(ok.errors()).isZero();
            assertThat(ok.p50Ms()).isPositive().isLessThanOrEqualTo(ok.p99Ms());
            assertThat(broken.ok()).isZero();
            assertThat(broken.errors()).isPositive();
            assertThat(r.firstErrors()).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("broken: 500 "));
            assertThat(r.all().ok()).isEqualTo(ok.ok());
            assertThat(r.all().errors()).isEqualTo(broken.errors());
            assertThat(r.servedBy()).containsOnlyKeys("n7").containsEntry("n7", ok.ok());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void successiveWindowsCountApartAndMergeIntoOne() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicReference<String> node = new java.util.concurrent.atomic.AtomicReference<>("n1");
        server.createContext("/ok", x -> {
            x.getResponseHeaders().add("X-Chorus-Node", node.get());
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        try (MixedLoad load = new MixedLoad(List.of(new MixedLoad.Kind("ok", 1, (client, random) ->
                get("http://127.0.0.1:" + server.getAddress().getPort() + "/ok"))))) {
            load.start(2);
            load.awaitWarm(new MixedLoad.Warmup(Duration.ofMillis(100), Duration.ofSeconds(30), 1, 20));
            MixedLoad.Result first = load.measure(Duration.ofMillis(300), () -> { }, () -> node.set("n2"));
            MixedLoad.Result second = load.measure(Duration.ofMillis(300), () -> { }, () -> { });
            MixedLoad.Result both = MixedLoad.Result.merge(List.of(first, second));

            assertThat(first.servedBy()).containsOnlyKeys("n1");
            assertThat(second.servedBy()).containsOnlyKeys("n2");
            assertThat(both.ok()).isEqualTo(first.ok() + second.ok());
            assertThat(both.seconds()).isEqualTo(first.seconds() + second.seconds());
            assertThat(both.servedBy()).containsEntry("n1", first.ok()).containsEntry("n2", second.ok());
            assertThat(both.kinds().getFirst().ok()).isEqualTo(both.ok());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pacedClientsStartNoMoreRequestsThanTheRateAllows() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.start();
        int clients = 4;
        try (MixedLoad load = new MixedLoad(List.of(new MixedLoad.Kind("ok", 1, (client, random) ->
                get("http://127.0.0.1:" + server.getAddress().getPort() + "/ok"))))) {
            load.start(clients);
            load.awaitWarm(new MixedLoad.Warmup(Duration.ofMillis(100), Duration.ofSeconds(30), 0, 0));
            load.pace(100);
            MixedLoad.Result paced = load.measure(Duration.ofMillis(500), () -> { }, () -> { });

            // start times 10 ms apart, none taken more than 100 ms late: at most those in [open − 100 ms, close], plus
            // one a client took before the window and was slow to send
            assertThat(paced.ok()).isPositive().isLessThanOrEqualTo(600 / 10 + 1 + clients);
            assertThat(paced.errors()).isZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void percentilesAreNearestRank() {
        long[] oneToHundred = java.util.stream.LongStream.rangeClosed(1, 100).toArray();
        assertThat(MixedLoad.percentile(oneToHundred, 0.50)).isEqualTo(50);
        assertThat(MixedLoad.percentile(oneToHundred, 0.99)).isEqualTo(99);
        assertThat(MixedLoad.percentile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(MixedLoad.percentile(new long[0], 0.5)).isZero();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
