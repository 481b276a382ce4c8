package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark's per-thread CPU reading, on this JVM: a named thread that burned CPU is counted, others are not. */
class ProcCpuTest {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void countsTheCpuOfTheThreadsWhoseNameStartsWithAPrefixAndNoOthers() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object lock = new Object();
        Thread live = Thread.ofPlatform().name("cpu-probe-live").unstarted(() -> {
            while (threads.getCurrentThreadCpuTime() < 300_000_000L) {
                Thread.onSpinWait();
            }
            synchronized (lock) {
                try {
                    lock.wait(); // stays alive until the test has read it: /proc forgets a thread that ended
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        live.setDaemon(true);
        live.start();
        while (live.getState() != Thread.State.WAITING) {
            Thread.sleep(10);
        }
        Duration counted = ProcCpu.ofThreads(PID, "cpu-probe-live", "no-such-thread");
        live.interrupt();
        live.join();

        // /proc counts in 10 ms ticks: 300 ms of the thread's CPU reads as at least 290 ms, and never more than the process
        assertThat(counted).isGreaterThanOrEqualTo(Duration.ofMillis(290)).isLessThanOrEqualTo(ProcCpu.of(PID));
        assertThat(ProcCpu.ofThreads(PID, "no-such-thread")).isZero();
    }
}
