import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Seeds runs straight into the tables, and measures raw JDBI batch inserts of metric points as the ingest baseline. */
final class Seeder {
    private Seeder() {}

    static void seed(Database db, long experimentId, int runs) {
        long keyId = 1_000_000_007L;
        db.useTransaction(h -> h.createUpdate("INSERT INTO metric_keys (id, name) VALUES (:id, 'm') ON CONFLICT (name) DO NOTHING")
                .bind("id", keyId).execute());
        long key = db.withHandle(h -> h.createQuery("SELECT id FROM metric_keys WHERE name = 'm'").mapTo(Long.class).one());
        long now = System.currentTimeMillis();
        int chunk = 5_000;
        for (int start = 0; start < runs; start += chunk) {
            int from = start;
            int to = Math.min(runs, start + chunk);
            db.useTransaction(h -> {
                PreparedBatch r = h.prepareBatch("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time,"
                        + " lifecycle_stage, artifact_uri) VALUES (:id, :u, :e, :n, 'bench', 'FINISHED', :t, 'active', :a)");
                PreparedBatch lm = h.prepareBatch("INSERT INTO latest_metrics VALUES (:id, :k, 0, :t, :v, FALSE)");
                PreparedBatch mp = h.prepareBatch("INSERT INTO metric_points VALUES (:id, :k, 0, :t, :v, FALSE)");
                PreparedBatch p = h.prepareBatch("INSERT INTO params VALUES (:id, 'p', :v)");
                PreparedBatch tg = h.prepareBatch("INSERT INTO run_tags VALUES (:id, 'mlflow.runName', :v)");
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = from; i < to; i++) {
                    long id = rnd.nextLong(1, Long.MAX_VALUE);
                    String uuid = UUID.randomUUID().toString().replace("-", "");
                    double v = rnd.nextDouble();
                    r.bind("id", id).bind("u", uuid).bind("e", experimentId).bind("n", "run-" + i).bind("t", now + i)
                            .bind("a", "mlflow-artifacts:/" + experimentId + "/" + uuid + "/artifacts").add();
                    lm.bind("id", id).bind("k", key).bind("t", now).bind("v", v).add();
                    mp.bind("id", id).bind("k", key).bind("t", now).bind("v", v).add();
                    p.bind("id", id).bind("v", "v" + (i % 10)).add();
                    tg.bind("id", id).bind("v", "run-" + i).add();
                }
                r.execute();
                lm.execute();
                mp.execute();
                p.execute();
                tg.execute();
            });
        }
        db.withHandle(h -> {
            h.execute(db.dialect().name().equals("POSTGRESQL") ? "ANALYZE" : "ANALYZE");
            return null;
        });
    }

    /** Points/s when N threads insert 500-point batches for one run straight through JDBI for the duration. */
    static double rawInsertRate(Database db, String runUuid, int clients, int seconds) throws Exception {
        long run = db.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE run_uuid = :u").bind("u", runUuid).mapTo(Long.class).one());
        long key = db.withHandle(h -> h.createQuery("SELECT id FROM metric_keys WHERE name = 'metric_0'").mapTo(Long.class).one());
        AtomicLong points = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                all.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        db.useTransaction(h -> {
                            PreparedBatch b = h.prepareBatch("INSERT INTO metric_points VALUES (:r, :k, 0, :t, :v, FALSE)");
                            long now = System.currentTimeMillis();
                            for (int i = 0; i < 500; i++) {
                                b.bind("r", run).bind("k", key).bind("t", now).bind("v", (double) i).add();
                            }
                            b.execute();
                        });
                        points.addAndGet(500);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return points.get() / ((System.nanoTime() - start) / 1e9);
    }
}
