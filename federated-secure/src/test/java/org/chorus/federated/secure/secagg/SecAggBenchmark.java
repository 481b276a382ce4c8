package org.chorus.federated.secure.secagg;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.chorus.federated.secure.secagg.SecAggMessage.ForwardedShares;
import org.chorus.federated.secure.secagg.SecAggMessage.KeyDirectory;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.ShareKeys;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskRequest;
import org.chorus.federated.secure.secagg.SecAggMessage.UnmaskResponse;

/**
 * Whole-round benchmark, one thread, all parties in this process: server CPU time per round (only the server's
 * methods are timed; thread CPU time, not wall time), mean client time, and bytes per client against a plain float32 update. The baseline is a
 * plain FedAvg sum of the same float updates measured in the same run. Run by bench/federated-secure/run.sh.
 * Not a test: surefire ignores it (no Test suffix).
 */
public final class SecAggBenchmark {

    record Result(String mode, int n, int k, int t, int d, double dropout, double serverMs, double unmaskMs, double plainSumMs,
                  double clientMs, double sentRatio, double sentReceivedRatio, long overheadBytes) {}

    private static final int REPEATS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of this thread: the machine is shared, so wall time measures the neighbours' builds too. */
    private static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The run with the median server time out of {@link #REPEATS}. */
    static Result median(int n, int d, double dropout, boolean complete) {
        List<Result> runs = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            runs.add(run(n, d, dropout, complete));
        }
        runs.sort(java.util.Comparator.comparingDouble(Result::serverMs));
        return runs.get(REPEATS / 2);
    }

    public static void main(String[] args) {
        int[][] runs = parse(args);
        run(20, 1_000, 0.0, false); // warm-up
        run(100, 10_000, 0.05, false);
        List<Result> results = new ArrayList<>();
        for (int[] r : runs) {
            Result result = median(r[0], r[1], r[2] / 100.0, r[3] == 1);
            results.add(result);
            System.out.println(format(result));
        }
        System.out.println();
        System.out.println("| mode | clients | k | t | dimension | dropout | server CPU ms/round | of which unmask | plain FedAvg sum CPU ms | server ÷ plain "
                + "| client CPU ms (mean) | sent ÷ plain | (sent+received) ÷ plain | per-client overhead bytes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(format(r)));
    }

    /** Each argument is n:d:dropoutPercent:complete(0|1), e.g. 1000:10000:5:0. */
    private static int[][] parse(String[] args) {
        String[] specs = args.length > 0 ? args : new String[] {"100:10000:0:0", "100:10000:5:0", "500:10000:0:0",
                "500:10000:5:0", "1000:10000:0:0", "1000:10000:5:0", "100:100000:0:0", "100:10000:0:1"};
        int[][] runs = new int[specs.length][];
        for (int i = 0; i < specs.length; i++) {
            String[] p = specs[i].split(":");
            runs[i] = new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3])};
        }
        return runs;
    }

    static Result run(int n, int d, double dropout, boolean complete) {
        int[] ids = IntStream.rangeClosed(1, n).toArray();
        SecAggConfig config = complete ? SecAggConfig.secAgg(n, ids, d, 1.0, 100)
                : SecAggConfig.secAggPlus(n, ids, d, 1.0, 100, 42);
        SplittableRandom random = new SplittableRandom(n * 31L + d);
        Map<Integer, float[]> updates = new TreeMap<>();
        Map<Integer, SecAggClient> clients = new TreeMap<>();
        for (int id : ids) {
            float[] update = new float[d];
            for (int i = 0; i < d; i++) {
                update[i] = (float) random.nextDouble(-1, 1);
            }
            updates.put(id, update);
            clients.put(id, SecAggClient.create(config, id));
        }
        Set<Integer> dropped = new HashSet<>();
        while (dropped.size() < Math.round(dropout * n)) {
            dropped.add(1 + random.nextInt(n)); // drop after sharing keys, before the masked input: costliest case
        }
        long[] sent = new long[n + 1];
        long[] received = new long[n + 1];
        long server = 0;
        long[] phase = new long[4];
        long client = 0;
        SecAggServer srv = SecAggServer.create(config);

        long t0 = now();
        var advertised = new ArrayList<SecAggMessage.AdvertiseKeys>();
        for (SecAggClient c : clients.values()) {
            advertised.add(c.advertiseKeys());
        }
        client += now() - t0;
        t0 = now();
        for (var m : advertised) {
            srv.receiveKeys(m);
            sent[m.sender()] += m.wireBytes();
        }
        Map<Integer, KeyDirectory> directories = srv.closeAdvertising();
        phase[0] = now() - t0;
        server += phase[0];

        directories.values().forEach(m -> received[m.recipient()] += m.wireBytes());
        t0 = now();
        List<ShareKeys> shareMessages = new ArrayList<>();
        directories.forEach((id, m) -> shareMessages.add(clients.get(id).shareKeys(m)));
        client += now() - t0;
        t0 = now();
        for (ShareKeys m : shareMessages) {
            srv.receiveShares(m);
            sent[m.sender()] += m.wireBytes();
        }
        Map<Integer, ForwardedShares> forwarded = srv.closeSharing();
        phase[1] = now() - t0;
        server += phase[1];

        forwarded.values().forEach(m -> received[m.recipient()] += m.wireBytes());
        t0 = now();
        List<MaskedInput> inputs = new ArrayList<>();
        forwarded.forEach((id, m) -> {
            if (!dropped.contains(id)) {
                inputs.add(clients.get(id).maskedInput(m, updates.get(id), 1 + (id % 100)));
            }
        });
        client += now() - t0;
        t0 = now();
        for (MaskedInput m : inputs) {
            srv.receiveMaskedInput(m);
            sent[m.sender()] += m.wireBytes();
        }
        Map<Integer, UnmaskRequest> requests = srv.closeMasking();
        phase[2] = now() - t0;
        server += phase[2];

        requests.values().forEach(m -> received[m.recipient()] += m.wireBytes());
        t0 = now();
        List<UnmaskResponse> responses = new ArrayList<>();
        requests.forEach((id, m) -> responses.add(clients.get(id).unmask(m)));
        client += now() - t0;
        t0 = now();
        for (UnmaskResponse m : responses) {
            srv.receiveUnmask(m);
            sent[m.sender()] += m.wireBytes();
        }
        AggregateResult result = srv.finish();
        phase[3] = now() - t0;
        server += phase[3];

        // Baseline: the plain FedAvg weighted sum of the same float updates.
        long plainNs = Long.MAX_VALUE;
        float[] plain = new float[d];
        for (int rep = 0; rep < 5; rep++) {
        java.util.Arrays.fill(plain, 0f);
        long p0 = now();
        for (var e : updates.entrySet()) {
            if (!dropped.contains(e.getKey())) {
                float w = 1 + (e.getKey() % 100);
                float[] u = e.getValue();
                for (int i = 0; i < d; i++) {
                    plain[i] += w * u[i];
                }
            }
        }
        plainNs = Math.min(plainNs, now() - p0);
        }
        double maxError = 0;
        for (int i = 0; i < d; i++) {
            maxError = Math.max(maxError, Math.abs(plain[i] - result.weightedSum()[i]));
        }
        if (maxError > config.quantizer().valueTolerance(n) + 1e-2 * n) {
            throw new AssertionError("secure sum differs from plain sum by " + maxError);
        }

        double plainBytes = 4.0 * d;
        double sentSum = 0;
        double bothSum = 0;
        int counted = 0;
        for (int id : ids) {
            if (!dropped.contains(id)) {
                sentSum += sent[id];
                bothSum += sent[id] + received[id];
                counted++;
            }
        }
        double meanSent = sentSum / counted;
        System.err.printf(Locale.ROOT, "n=%d d=%d server phases ms: keys %.1f, shares %.1f, inputs %.1f, unmask %.1f%n",
                n, d, phase[0] / 1e6, phase[1] / 1e6, phase[2] / 1e6, phase[3] / 1e6);
        return new Result(complete ? "SecAgg" : "SecAgg+", n, Math.min(config.neighbours(), n - 1), config.threshold(), d, dropout,
                server / 1e6, phase[3] / 1e6, plainNs / 1e6, client / 1e6 / n, meanSent / plainBytes, bothSum / counted / plainBytes,
                Math.round(meanSent - 4.0 * (d + 1)));
    }

    private static String format(Result r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.0f%% | %.1f | %.1f | %.2f | %.0f× | %.1f | %.4f | %.4f | %d |",
                r.mode(), r.n(), r.k(), r.t(), r.d(), r.dropout() * 100, r.serverMs(), r.unmaskMs(), r.plainSumMs(), r.serverMs() / r.plainSumMs(),
                r.clientMs(), r.sentRatio(), r.sentReceivedRatio(), r.overheadBytes());
    }
}
