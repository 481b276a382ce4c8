package org.chorus.client.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batching logger against a stub client that is slow, or fails, on purpose. */
class BatchingLoggerTest {

    /** Records batches; sleeps per call and fails the first {@code failures} calls with a retryable error. */
    static final class StubClient implements TrackingClient {
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final List<TrackingClient.Metric> metrics = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures;
        final long sleepMs;

        StubClient(long sleepMs, int failures) {
            this.sleepMs = sleepMs;
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void logBatch(String runId, List<Metric> ms, List<Param> params, List<Tag> tags) {
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failures.getAndDecrement() > 0) {
                throw new TrackingException(503, "TEMPORARILY_UNAVAILABLE", "try later");
            }
            assertThat(ms.size()).isLessThanOrEqualTo(1000);
            assertThat(params.size()).isLessThanOrEqualTo(100);
            batchSizes.add(ms.size() + params.size() + tags.size());
            metrics.addAll(ms);
        }

        @Override
        public String createExperiment(String name) {
            return "1";
        }

        @Override
        public String experimentIdByName(String name) {
            return null;
        }

        @Override
        public String createRun(String experimentId, String runName) {
            return "r";
        }

        @Override
        public void endRun(String runId, String status) {}

        @Override
        public void close() {}
    }

    @Test
    void loggingNeverWaitsForASlowServerAndCloseSendsEverything() {
        StubClient slow = new StubClient(200, 0);
        BatchingLogger logger = slow.logger("r");

        long start = System.nanoTime();
        for (int i = 0; i < 2500; i++) {
            logger.logMetric("loss", 1.0 / (i + 1), i);
        }
        for (int i = 0; i < 150; i++) {
            logger.logParam("p" + i, "v");
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        logger.close();

        assertThat(elapsedMs).isLessThan(150);
        assertThat(slow.metrics).hasSize(2500);
        assertThat(slow.metrics).extracting(TrackingClient.Metric::step).isSorted();
        assertThat(logger.sent()).isEqualTo(2650);
        assertThat(slow.batchSizes.size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void transientFailuresAreRetriedAndAFullQueueDropsInsteadOfBlocking() {
        StubClient flaky = new StubClient(0, 2);
        BatchingLogger logger = BatchingLogger.start(flaky, "r", new BatchingLogger.Options(10, Duration.ofMillis(50), 5, Duration.ofSeconds(10)));

        for (int i = 0; i < 1000; i++) {
            logger.logMetric("m", i, i);
        }
        boolean flushed = logger.flush(Duration.ofSeconds(10));
        logger.close();

        assertThat(flushed).isTrue();
        assertThat(logger.dropped()).isPositive();
        assertThat(logger.sent() + logger.dropped()).isEqualTo(1000);
        assertThat(logger.failed()).isZero();
        assertThat(flaky.metrics).hasSize((int) logger.sent());
    }
}
