package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run page's chart series (web/charts/ChartSeries) over series long enough to be read from block summaries,
 * logged through the MLflow API out of step order, with steps logged again, NaN and infinity. The test checks what it
 * can know from the points it logged: every point drawn was logged, the range's lowest and highest values are drawn,
 * and every logged point has a drawn point at least as high and one at least as low within a block and a bucket of it.
 */
public abstract class ChartSeriesContract extends ServerContract {
    private static final String API = "/api/2.0/mlflow/";
    /** The coarser block size plus a bucket's steps over the widest range here: how far a drawn extreme may sit. */
    private static final long NEAR = 1024 + 1200;

    private String token;
    private WebClient ann;
    private String page;
    private String run;

    record Point(long step, long ts, double value) {}

    @BeforeEach
    void seed() {
        token = WebFixtures.user(server, "ann");
        ann = new WebClient(server.url());
        ann.signIn("ann", WebFixtures.PASSWORD);
        String e = api("experiments/create", "{\"name\":\"charts\"}").path("experiment_id").asText();
        String r = api("runs/create", "{\"experiment_id\":\"" + e + "\"}").path("run").path("info").path("run_id").asText();
        page = "/experiments/" + e + "/runs/" + r + "/series?key=";
        run = r;
    }

    private JsonNode api(String path, String body) {
        HttpResponse<String> r = server.send("POST", API + path, token, body);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json(r);
    }

    /** Logs the points in shuffled batches of 1,000 through log-batch, the last few through log-metric. */
    private void log(String key, List<Point> points) {
        List<Point> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(5));
        int single = shuffled.size() - 5;
        for (int start = 0; start < single; start += 1000) {
            List<String> metrics = new ArrayList<>();
            for (Point p : shuffled.subList(start, Math.min(single, start + 1000))) {
                metrics.add(metric(key, p));
            }
            api("runs/log-batch", "{\"run_id\":\"" + run + "\",\"metrics\":[" + String.join(",", metrics) + "]}");
        }
        for (Point p : shuffled.subList(single, shuffled.size())) {
            api("runs/log-metric", metric(key, p).replace("{", "{\"run_id\":\"" + run + "\","));
        }
    }

    private static String metric(String key, Point p) {
        String value = Double.isNaN(p.value()) ? "\"NaN\"" : Double.isInfinite(p.value()) ? "\"Infinity\"" : Double.toString(p.value());
        return "{\"key\":\"" + key + "\",\"value\":" + value + ",\"timestamp\":" + p.ts() + ",\"step\":" + p.step() + "}";
    }

    /** One point per step in {@code steps}, some NaN, one infinite, about one in ten logged again with another value. */
    private static List<Point> series(List<Long> steps, long seed) {
        Random random = new Random(seed);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            long step = steps.get(i);
            double value = i % 113 == 0 ? Double.NaN : i == steps.size() / 3 ? Double.POSITIVE_INFINITY
                    : Math.round(Math.sin(i / 300.0) * 1000 + random.nextGaussian() * 50) / 100.0;
            points.add(new Point(step, 10_000 + i, value));
            if (random.nextInt(10) == 0) {
                points.add(new Point(step, 10_000 + i + 1, random.nextInt(100) == 0 ? -(200 + i) : value / 3));
            }
        }
        return points;
    }

    @Test
    void aDenseSeriesIsReadFromItsBlocksKeepingExtremesAndAZoomMixesRawEdges() {
        List<Long> steps = new ArrayList<>();
        for (long s = 0; s < 45_000; s++) {
            steps.add(s);
        }
        List<Point> points = series(steps, 1);
        log("loss", points);

        JsonNode all = json(ann.get(page + "loss"));
        assertKeepsExtremes(all, points, 0, 44_999);
        assertThat(all.path("reduced").asBoolean()).isTrue();
        assertThat(all.path("points").asLong()).isEqualTo(points.stream().filter(p -> !Double.isNaN(p.value())).count());
        assertThat(all.path("first_step").asLong()).isZero();
        assertThat(all.path("last_step").asLong()).isEqualTo(44_999);

        assertKeepsExtremes(json(ann.get(page + "loss&from=1000&to=40000")), points, 1000, 40_000);
        assertKeepsExtremes(json(ann.get(page + "loss&from=-5&to=33333")), points, -5, 33_333);

        JsonNode small = json(ann.get(page + "loss&from=100&to=300"));
        assertThat(small.path("reduced").asBoolean()).isFalse();
        assertThat(small.path("steps").size()).as("every non-NaN point of the range")
                .isEqualTo((int) points.stream().filter(p -> p.step() >= 100 && p.step() <= 300 && !Double.isNaN(p.value())).count());
    }

    @Test
    void aSparseSeriesOfManyBlocksIsReadFromTheCoarserBlocks() {
        List<Long> steps = new ArrayList<>();
        for (long s = -64 * 100; s < 1_100 * 1024; s += 64) {
            steps.add(s);
        }
        List<Point> points = series(steps, 2);
        log("acc", points);

        JsonNode all = json(ann.get(page + "acc"));
        assertKeepsExtremes(all, points, steps.getFirst(), steps.getLast());
        assertThat(all.path("reduced").asBoolean()).isTrue();
        assertKeepsExtremes(json(ann.get(page + "acc&from=1000&to=1100000")), points, 1000, 1_100_000);
    }

    private static void assertKeepsExtremes(JsonNode s, List<Point> logged, long from, long to) {
        List<Point> raw = logged.stream().filter(p -> p.step() >= from && p.step() <= to && !Double.isNaN(p.value()))
                .map(p -> new Point(p.step(), p.ts(), Double.isInfinite(p.value()) ? Double.MAX_VALUE : p.value())).toList();
        Set<Point> known = new HashSet<>(raw);
        int n = s.path("steps").size();
        assertThat(n).isGreaterThan(500).isLessThanOrEqualTo(2000);
        List<Point> drawn = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Point p = new Point(s.path("steps").get(i).asLong(), s.path("timestamps").get(i).asLong(), s.path("values").get(i).asDouble());
            assertThat(known).as("drawn point %s was logged in range", p).contains(p);
            if (!drawn.isEmpty()) {
                assertThat(p.step()).as("step order").isGreaterThanOrEqualTo(drawn.getLast().step());
            }
            drawn.add(p);
        }
        assertThat(drawn.stream().mapToDouble(Point::value).max().orElseThrow()).isEqualTo(raw.stream().mapToDouble(Point::value).max().orElseThrow());
        assertThat(drawn.stream().mapToDouble(Point::value).min().orElseThrow()).isEqualTo(raw.stream().mapToDouble(Point::value).min().orElseThrow());
        int lo = 0;
        for (Point p : raw.stream().sorted((a, b) -> Long.compare(a.step(), b.step())).toList()) {
            while (lo < drawn.size() - 1 && drawn.get(lo).step() < p.step() - NEAR) {
                lo++;
            }
            boolean above = false;
            boolean below = false;
            for (int i = lo; i < drawn.size() && drawn.get(i).step() <= p.step() + NEAR; i++) {
                above |= drawn.get(i).value() >= p.value();
                below |= drawn.get(i).value() <= p.value();
            }
            assertThat(above && below).as("a drawn point at least as high and one at least as low near %s", p).isTrue();
        }
    }
}
