package org.chorus.scaleout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The official MLflow Java client through nginx: each round creates a run, logs three steps of a metric and ends
 * the run, retrying each call. Records each finished run's metric values by step.
 */
final class MlflowWorkload extends Workload {
    static final String METRIC = "loss";
    final Map<String, List<Double>> runs = new ConcurrentHashMap<>();
    final String experimentId;
    private final MlflowClient client;

    MlflowWorkload(String url, String token) throws Exception {
        super("mlflow");
        client = new MlflowClient(new BasicMlflowHostCreds(url, token));
        experimentId = retrying("create experiment", () -> client.createExperiment("scaleout"));
    }

    @Override
    void round(int round) throws Exception {
        String runId = retrying("create run", () -> client.createRun(experimentId).getRunId());
        List<Double> values = List.of(1.0 / (round + 1), 0.5 / (round + 1), 0.25 / (round + 1));
        for (int step = 0; step < values.size(); step++) {
            int s = step;
            retrying("log metric", () -> {
                client.logMetric(runId, METRIC, values.get(s), 1_700_000_000_000L + round * 10L + s, s);
                return null;
            });
        }
        retrying("end run", () -> {
            client.setTerminated(runId, RunStatus.FINISHED);
            return null;
        });
        runs.put(runId, values);
    }

    MlflowClient client() {
        return client;
    }

    @Override
    public void close() {
        super.close();
        client.close();
    }
}
