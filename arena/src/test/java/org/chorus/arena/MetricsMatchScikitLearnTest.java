package org.chorus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in metric against scikit-learn (Debian's python3-sklearn) on random inputs with fixed seeds. The rows
 * scored are a range that starts past row 0, as a split's are, and scikit-learn gets exactly those rows. Ties (scores
 * rounded to two digits), certain predictions (0 and 1, which log loss clips) and a label only the submission uses
 * are in the data on purpose.
 */
class MetricsMatchScikitLearnTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int SKIP = 37;
    static final int[] KS = {3, 10};

    @TempDir
    static Path dir;
    static Columns.Labels labels;
    static Columns.Probabilities binary;
    static Columns.Probabilities multi;
    static Columns.Values values;
    static Columns.Rankings rankings;
    static JsonNode sklearn;

    @BeforeAll
    static void scoreWithScikitLearn() throws Exception {
        Random random = new Random(20260301L);
        int n = 600;
        int[] lt = new int[n];
        int[] lp = new int[n];
        for (int i = 0; i < n; i++) {
            lt[i] = random.nextInt(4);
            lp[i] = random.nextDouble() < 0.5 ? lt[i] : random.nextInt(5); // class 4: only ever predicted
        }
        labels = new Columns.Labels(lt, lp, 5);
        int[] bt = new int[n];
        double[] bp = new double[n];
        for (int i = 0; i < n; i++) {
            bt[i] = random.nextInt(2);
            double p = Math.round(Math.min(1, Math.max(0, 0.5 + (bt[i] - 0.5) * 0.4 + random.nextGaussian() * 0.3)) * 100) / 100.0;
            bp[i] = p;
        }
        binary = new Columns.Probabilities(bt, bp, 1);
        int[] mt = new int[n];
        double[] mp = new double[n * 3];
        for (int i = 0; i < n; i++) {
            mt[i] = random.nextInt(3);
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                mp[i * 3 + k] = random.nextDouble() + (k == mt[i] ? 0.7 : 0);
                sum += mp[i * 3 + k];
            }
            for (int k = 0; k < 3; k++) {
                mp[i * 3 + k] /= sum;
            }
        }
        multi = new Columns.Probabilities(mt, mp, 3);
        double[] vt = new double[n];
        double[] vp = new double[n];
        for (int i = 0; i < n; i++) {
            vt[i] = random.nextGaussian() * 3 + 1;
            vp[i] = vt[i] + random.nextGaussian();
        }
        values = new Columns.Values(vt, vp);
        int items = 20;
        int rows = 150;
        int[][] relevant = new int[rows][];
        double[][] gains = new double[rows][];
        int[][] ranked = new int[rows][];
        for (int r = 0; r < rows; r++) {
            List<Integer> order = shuffled(items, random);
            int count = random.nextInt(6); // some rows have no relevant item
            relevant[r] = order.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
            gains[r] = new double[count];
            for (int j = 0; j < count; j++) {
                gains[r][j] = 1 + random.nextInt(3);
            }
            ranked[r] = shuffled(items, random).stream().mapToInt(Integer::intValue).toArray();
        }
        rankings = new Columns.Rankings(relevant, gains, ranked);

        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("labels", Map.of("truth", tail(lt, SKIP), "predicted", tail(lp, SKIP)));
        cases.put("binary", Map.of("truth", tail(bt, SKIP), "predicted", java.util.Arrays.copyOfRange(bp, SKIP, n)));
        double[][] multiRows = new double[n - SKIP][];
        for (int i = SKIP; i < n; i++) {
            multiRows[i - SKIP] = java.util.Arrays.copyOfRange(mp, i * 3, i * 3 + 3);
        }
        cases.put("multi", Map.of("truth", tail(mt, SKIP), "predicted", multiRows));
        cases.put("values", Map.of("truth", java.util.Arrays.copyOfRange(vt, SKIP, n), "predicted", java.util.Arrays.copyOfRange(vp, SKIP, n)));
        cases.put("rankings", Map.of("items", items, "ks", KS, "relevant", java.util.Arrays.copyOfRange(relevant, SKIP, rows),
                "gains", java.util.Arrays.copyOfRange(gains, SKIP, rows), "ranked", java.util.Arrays.copyOfRange(ranked, SKIP, rows)));
        Path script = dir.resolve("sklearn_metrics.py");
        try (InputStream in = MetricsMatchScikitLearnTest.class.getResourceAsStream("sklearn_metrics.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process python = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        python.getOutputStream().write(JSON.writeValueAsBytes(cases));
        python.getOutputStream().close();
        byte[] out = python.getInputStream().readAllBytes();
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(new String(out, StandardCharsets.UTF_8)).isZero();
        sklearn = JSON.readTree(out);
    }

    private static int[] tail(int[] a, int from) {
        return java.util.Arrays.copyOfRange(a, from, a.length);
    }

    private static List<Integer> shuffled(int n, Random random) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        java.util.Collections.shuffle(list, random);
        return list;
    }

    private static void matches(Metric metric, Columns columns, int k, String key) {
        double ours = metric.score(columns, SKIP, columns.rows(), k);
        assertThat(ours).as(key).isCloseTo(sklearn.get(key).asDouble(), within(1e-12));
    }

    @Test
    void labelMetrics() {
        matches(Metric.ACCURACY, labels, 0, "accuracy");
        matches(Metric.BALANCED_ACCURACY, labels, 0, "balanced_accuracy");
        matches(Metric.F1_MACRO, labels, 0, "f1_macro");
        matches(Metric.F1_MICRO, labels, 0, "f1_micro");
    }

    @Test
    void probabilityMetrics() {
        matches(Metric.ROC_AUC, binary, 0, "roc_auc_binary");
        matches(Metric.LOG_LOSS, binary, 0, "log_loss_binary");
        matches(Metric.ROC_AUC, multi, 0, "roc_auc_ovr");
        matches(Metric.LOG_LOSS, multi, 0, "log_loss_multi");
    }

    @Test
    void regressionMetrics() {
        matches(Metric.RMSE, values, 0, "rmse");
        matches(Metric.MAE, values, 0, "mae");
        matches(Metric.R2, values, 0, "r2");
    }

    @Test
    void rankingMetrics() {
        for (int k : KS) {
            matches(Metric.NDCG_AT_K, rankings, k, "ndcg@" + k);
            matches(Metric.MAP_AT_K, rankings, k, "map@" + k);
        }
    }

    @Test
    void perExampleLossesAverageToTheScoreTheyStandFor() {
        int n = values.rows();
        assertThat(mean(Metric.RMSE.losses(values, SKIP, n, 0))).isCloseTo(Math.pow(Metric.RMSE.score(values, SKIP, n, 0), 2), within(1e-12));
        assertThat(mean(Metric.LOG_LOSS.losses(multi, SKIP, n, 0))).isCloseTo(Metric.LOG_LOSS.score(multi, SKIP, n, 0), within(1e-12));
        assertThat(mean(Metric.ACCURACY.losses(labels, SKIP, n, 0))).isCloseTo(1 - Metric.ACCURACY.score(labels, SKIP, n, 0), within(1e-12));
        assertThat(mean(Metric.NDCG_AT_K.losses(rankings, SKIP, rankings.rows(), 10)))
                .isCloseTo(1 - Metric.NDCG_AT_K.score(rankings, SKIP, rankings.rows(), 10), within(1e-12));
    }

    private static double mean(double[] a) {
        return java.util.Arrays.stream(a).average().orElseThrow();
    }
}
