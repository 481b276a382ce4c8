package org.chorus.server.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import org.chorus.client.tracking.BatchingLogger;
import org.chorus.client.tracking.TrackingClient;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.tracking.MlflowClient;

/** The SDK's tracking client and batching logger against a running Chorus, read back with the official client. */
class TrackingClientAgainstServerTest {
    @TempDir
    Path dir;

    @Test
    void batchingLoggerDeliversEveryPointAndParamBeforeCloseReturns() {
        try (ServerFixture server = ServerFixture.sqlite(dir);
             TrackingClient client = TrackingClient.create(URI.create(server.url()), new PublishFixtures(server).user("sdk", "write"))) {
            String exp = client.createExperiment("sdk");
            String run = client.createRun(exp, "sdk-run");

            try (BatchingLogger logger = client.logger(run)) {
                for (int step = 0; step < 3000; step++) {
                    logger.logMetric("loss", 1.0 / (step + 1), step);
                }
                logger.logMetric("nan", Double.NaN, 0);
                logger.logParam("lr", "0.01");
                logger.setTag("phase", "test");
            }
            client.endRun(run, "FINISHED");

            MlflowClient mlflow = new MlflowClient(server.url());
            assertThat(mlflow.getMetricHistory(run, "loss")).hasSize(3000);
            assertThat(Double.isNaN(mlflow.getMetricHistory(run, "nan").getFirst().getValue())).isTrue();
            var got = mlflow.getRun(run);
            assertThat(got.getData().getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue()).containsExactly("lr=0.01");
            assertThat(got.getInfo().getStatus().name()).isEqualTo("FINISHED");
            assertThat(client.experimentIdByName("sdk")).isEqualTo(exp);
            assertThat(client.experimentIdByName("none")).isNull();
            mlflow.close();
        }
    }
}
