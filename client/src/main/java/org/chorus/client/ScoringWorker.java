package org.chorus.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bring-your-own scoring worker for a competition with a custom metric (docs/arena.md, "Workers"): it claims the
 * competition's scoring jobs with its worker token ({@code chw_…}), hands each split of a submission to a
 * {@link Scorer}, keeps the lease with heartbeats meanwhile, and reports the scores or the failure. A scorer that
 * throws {@link SubmissionFault} blames the submission (final; counted against the team's cap); any other exception is
 * the infrastructure's (the job is retried, maybe by another worker, and never counted). A lost lease (it expired, the
 * job went to another worker) ends the job here without a report.
 *
 * <p>For a competition that takes models ({@link #forModels}), a {@link Predictor} runs each submitted model instead:
 * the worker downloads the model's files through its lease into a scratch directory, writes the test inputs beside
 * them, and sends the predictions the predictor wrote; the server checks and scores them (it never sends the solution).
 */
public final class ScoringWorker {
    private static final String API = "/api/chorus/workers";
    private static final String LEASE_HEADER = "X-Chorus-Lease";

    /**
     * Scores one split. For metric {@code custom} it returns one number (the split's score, higher is better); for
     * {@code custom_loss} one loss per row, in the part's row order (lower is better).
     */
    @FunctionalInterface
    public interface Scorer {
        double[] score(Part part) throws Exception;
    }

    /**
     * Runs a submitted model on the test inputs and writes its predictions (CSV, or Parquet, with the sample submission's
     * columns) to {@code predictions}. {@link SubmissionFault} blames the model (final, counted against the team's cap);
     * any other exception blames infrastructure.
     */
    @FunctionalInterface
    public interface Predictor {
        void predict(Path modelDir, Path inputs, Path predictions) throws Exception;
    }

    /** One split of a job: its solution rows and the submission's rows, the same ids in the same order, as CSV text. */
    public record Part(String metric, String split, int rows, String solutionCsv, String submissionCsv) {}

    /** Thrown by a {@link Scorer} when the submission itself is wrong; the message is shown to the team. */
    public static final class SubmissionFault extends RuntimeException {
        public SubmissionFault(String message) {
            super(message);
        }
    }

    private final Http http;
    private final Scorer scorer; // for competitions with a custom metric
    private final Predictor predictor; // for competitions that take models
    private final Duration lease;
    private final Duration wait;

    private ScoringWorker(Http http, Scorer scorer, Predictor predictor, Duration lease, Duration wait) {
        this.http = http;
        this.scorer = scorer;
        this.predictor = predictor;
        this.lease = lease;
        this.wait = wait;
    }

    /** A worker with 60 s leases whose claims wait up to 25 s for a job. */
    public static ScoringWorker connect(String baseUrl, String workerToken, Scorer scorer) {
        return new ScoringWorker(new Http(baseUrl, workerToken), scorer, null, Duration.ofSeconds(60), Duration.ofSeconds(25));
    }

    /** A worker for a competition that takes models, with 60 s leases whose claims wait up to 25 s for a job. */
    public static ScoringWorker forModels(String baseUrl, String workerToken, Predictor predictor) {
        return new ScoringWorker(new Http(baseUrl, workerToken), null, predictor, Duration.ofSeconds(60), Duration.ofSeconds(25));
    }

    /** This worker with other lease and claim-wait times (whole seconds; the wait is at most 25 s). */
    public ScoringWorker with(Duration lease, Duration wait) {
        return new ScoringWorker(http, scorer, predictor, lease, wait);
    }

    /** Scores jobs until the thread is interrupted. */
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            runOnce();
        }
    }

    /** Claims one job (waiting as configured) and scores it; false when none came. */
    public boolean runOnce() {
        String claimed = http.call("POST", API + "/claim?wait=" + wait.toSeconds() + "&lease=" + lease.toSeconds(), "application/json", null).body();
        Map<?, ?> job = (Map<?, ?>) Http.parse(claimed);
        if (job == null) {
            return false;
        }
        String id = Models.str(job, "job");
        Map<String, String> held = Map.of(LEASE_HEADER, Models.str(job, "lease"));
        AtomicBoolean lost = new AtomicBoolean();
        Thread beating = new Thread(() -> heartbeat(id, held, lost), "chorus-heartbeat-" + id);
        beating.setDaemon(true);
        beating.start();
        try {
            Map<?, ?> files = (Map<?, ?>) Http.parse(http.call("GET", API + "/jobs/" + id + "/files", null, null, held).body());
            boolean model = "model".equals(Models.str(files, "mode"));
            Map<String, Object> report;
            try {
                if (model) {
                    byte[] predictions = predict(id, held, files);
                    if (!lost.get()) {
                        http.call("POST", API + "/jobs/" + id + "/predictions", "text/csv", predictions, held);
                    }
                    return true;
                }
                report = report(files);
            } catch (SubmissionFault e) {
                report(id, held, "failure", Map.of("blame", "input", "message", String.valueOf(e.getMessage())));
                return true;
            } catch (Exception e) {
                report(id, held, "failure", Map.of("blame", "infrastructure", "message", "scorer error: " + e));
                return true;
            }
            if (!lost.get()) {
                report(id, held, "result", report);
            }
        } catch (ChorusClientException e) {
            if (e.status() != 404 && e.status() != 409) {
                throw e;
            } // else the lease is gone: whoever holds the job now reports
        } finally {
            beating.interrupt();
        }
        return true;
    }

    /** Downloads the model through the lease, runs the predictor on it and the test inputs, and returns its predictions. */
    private byte[] predict(String id, Map<String, String> held, Map<?, ?> files) throws Exception {
        if (predictor == null) {
            throw new IllegalStateException("this worker scores files (ScoringWorker.connect); the competition takes models: use forModels");
        }
        Path scratch = Files.createTempDirectory("chorus-worker-");
        try {
            Path modelDir = Files.createDirectory(scratch.resolve("model"));
            Map<?, ?> listing = (Map<?, ?>) Http.parse(http.call("GET", API + "/jobs/" + id + "/model", null, null, held).body());
            for (Object o : (List<?>) listing.get("files")) {
                String path = Models.str((Map<?, ?>) o, "path");
                Path target = modelDir.resolve(path).normalize();
                if (!target.startsWith(modelDir)) {
                    throw new IllegalStateException("the server listed a model file outside the model: " + path);
                }
                Files.createDirectories(target.getParent());
                var request = http.request(API + "/jobs/" + id + "/model/" + Downloader.encodePath(path)).header(LEASE_HEADER, held.get(LEASE_HEADER)).GET().build();
                try (InputStream in = http.exchange(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String inputsPath = Models.str(files, "inputsPath");
            Path inputs = Files.writeString(scratch.resolve(inputsPath.substring(inputsPath.lastIndexOf('/') + 1)), Models.str(files, "inputs"));
            Path predictions = scratch.resolve("predictions");
            predictor.predict(modelDir, inputs, predictions);
            if (!Files.isRegularFile(predictions)) {
                throw new IllegalStateException("the predictor wrote no predictions to " + predictions);
            }
            return Files.readAllBytes(predictions);
        } finally {
            try (var walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Map<String, Object> report(Map<?, ?> files) throws Exception {
        String metric = Models.str(files, "metric");
        Map<String, Object> report = new LinkedHashMap<>();
        for (Object o : (List<?>) files.get("parts")) {
            Map<?, ?> p = (Map<?, ?>) o;
            Part part = new Part(metric, Models.str(p, "split"), ((Number) p.get("rows")).intValue(), Models.str(p, "solution"),
                    Models.str(p, "submission"));
            double[] values = scorer.score(part);
            int expected = metric.equals("custom_loss") ? part.rows() : 1;
            if (values == null || values.length != expected) {
                throw new IllegalStateException("the scorer returned " + (values == null ? "nothing" : values.length + " numbers")
                        + " for the " + part.split() + " split; expected " + expected);
            }
            if (!metric.equals("custom_loss")) {
                report.put(part.split(), values[0]);
            } else {
                List<Double> list = new ArrayList<>(values.length);
                for (double v : values) {
                    list.add(v);
                }
                report.put(part.split() + "Losses", list);
            }
        }
        return report;
    }

    private void report(String id, Map<String, String> held, String what, Map<String, ?> body) {
        try {
            http.call("POST", API + "/jobs/" + id + "/" + what, "application/json", JSON.std.asBytes(body), held);
        } catch (IOException e) {
            throw new ChorusClientException("cannot encode the report: " + e.getMessage(), e);
        }
    }

    private void heartbeat(String id, Map<String, String> held, AtomicBoolean lost) {
        long every = Math.max(200, lease.toMillis() / 3);
        try {
            while (true) {
                Thread.sleep(every);
                try {
                    http.call("POST", API + "/jobs/" + id + "/heartbeat?lease=" + lease.toSeconds(), "application/json", null, held);
                } catch (ChorusClientException e) {
                    if (e.status() == 404 || e.status() == 409) {
                        lost.set(true);
                        return;
                    } // else a network hiccup: the next beat may get through before the lease ends
                }
            }
        } catch (InterruptedException e) {
            // the job is done
        }
    }
}
