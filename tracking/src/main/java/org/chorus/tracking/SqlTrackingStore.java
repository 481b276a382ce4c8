package org.chorus.tracking;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

/** Runs and the delegation to the experiment, logging and search parts, all over one database. */
final class SqlTrackingStore implements TrackingStore {
    static final String RUN_NAME_TAG = "mlflow.runName";
    private static final String[] ADJECTIVES = {"bold", "calm", "eager", "fancy", "gentle", "brave", "quiet", "rare", "swift", "wise"};
    private static final String[] NOUNS = {"owl", "fox", "lark", "wolf", "hare", "moth", "seal", "wren", "yak", "crab"};

    private final Database db;
    private final Clock clock;
    private final SqlExperiments experiments;
    private final RunLogging logging;
    private final RunSearch search;
    private final RunLoader runs;
    private final HotWrites writes;
    private final ParamTagWriter tagWriter;

    SqlTrackingStore(Database db, Clock clock, AccessRules rules) {
        this.db = db;
        this.clock = clock;
        MetricKeys keys = new MetricKeys(db);
        this.experiments = new SqlExperiments(db, clock, rules);
        this.writes = new HotWrites(db);
        this.tagWriter = new ParamTagWriter(db.dialect());
        this.logging = new RunLogging(db, keys, writes);
        this.search = new RunSearch(db, keys, rules);
        this.runs = new RunLoader(db.dialect(), keys);
    }

    @Override
    public String createExperiment(Caller caller, String name, String artifactLocation, Map<String, String> tags) {
        return experiments.create(caller, name, artifactLocation, tags);
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return experiments.get(experimentId);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return experiments.getByName(name);
    }

    @Override
    public Page<Experiment> searchExperiments(Caller caller, String filter, List<String> orderBy, ViewType view, int maxResults,
                                              String pageToken) {
        return experiments.search(caller, filter, orderBy, view, maxResults, pageToken);
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        experiments.rename(experimentId, newName);
    }

    @Override
    public void deleteExperiment(String experimentId) {
        experiments.setStage(experimentId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreExperiment(String experimentId) {
        experiments.setStage(experimentId, LifecycleStage.ACTIVE);
    }

    @Override
    public void setExperimentTag(String experimentId, String key, String value) {
        experiments.setTag(experimentId, key, value);
    }

    @Override
    public Run createRun(String experimentId, String userId, String runName, Long startTime, List<KeyValue> tags) {
        String expId = experimentId == null || experimentId.isEmpty() ? DEFAULT_EXPERIMENT_ID : experimentId;
        List<KeyValue> allTags = new ArrayList<>(tags == null ? List.of() : tags);
        for (KeyValue t : allTags) {
            Validation.key("tag", t.key());
            Validation.value("tag", t.key(), t.value(), Validation.MAX_TAG_VALUE_LENGTH);
        }
        String fromTag = allTags.stream().filter(t -> t.key().equals(RUN_NAME_TAG)).map(KeyValue::value).findFirst().orElse(null);
        if (runName != null && !runName.isEmpty() && fromTag != null && !fromTag.equals(runName)) {
            throw ChorusException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values"
                    + " (run_name='" + runName + "', mlflow.runName='" + fromTag + "')");
        }
        String name = Validation.runName(runName != null && !runName.isEmpty() ? runName : fromTag != null ? fromTag : generatedName());
        if (fromTag == null) {
            allTags.add(new KeyValue(RUN_NAME_TAG, name));
        }
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String uuid = UUID.randomUUID().toString().replace("-", "");
        long start = startTime == null || startTime == 0 ? clock.millis() : startTime;
        String[] artifactUri = new String[1];
        writes.run(h -> {
            Experiment e = experiments.get(h, Validation.id("experiment_id", expId));
            if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
                throw ChorusException.invalid("The experiment " + expId + " must be in the 'active' state. Current state is deleted.");
            }
            h.createUpdate("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)"
                            + " VALUES (:id, :uuid, :exp, :name, :user, 'RUNNING', :start, 'active', :uri)")
                    .bind("id", id).bind("uuid", uuid).bind("exp", Long.parseLong(expId)).bind("name", name)
                    .bind("user", userId == null ? "" : userId).bind("start", start)
                    .bind("uri", artifactUri[0] = e.artifactLocation() + "/" + uuid + "/artifacts").execute();
            setTags(h, id, uuid, allTags);
        });
        // The run as stored, without reading it back (that was half of a create's cost): tags last-writer-wins
        // in key order, and the name the last mlflow.runName tag gave it, as ParamTagWriter writes them.
        Map<String, String> stored = new TreeMap<>();
        allTags.forEach(t -> stored.put(t.key(), t.value()));
        RunInfo info = new RunInfo(uuid, Validation.runName(stored.get(RUN_NAME_TAG)), Long.toString(Long.parseLong(expId)),
                userId == null ? "" : userId, RunStatus.RUNNING, start, null, artifactUri[0], LifecycleStage.ACTIVE);
        List<KeyValue> storedTags = stored.entrySet().stream().map(t -> new KeyValue(t.getKey(), t.getValue())).toList();
        return new Run(info, List.of(), List.of(), storedTags, List.of());
    }

    private void setTags(Handle h, long id, String uuid, List<KeyValue> tags) {
        tagWriter.tags(h, tags.stream().map(t -> new ParamTagWriter.Owned(id, uuid, t)).toList());
    }

    private static String generatedName() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-" + r.nextInt(1000);
    }

    @Override
    public Run getRun(String runId) {
        return db.withHandle(h -> {
            long id = RunLogging.runId(h, runId);
            return runs.load(h, List.of(id)).get(id);
        });
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        Validation.runName(runName);
        db.useTransaction(h -> {
            long id = RunLogging.activeRunId(h, runId);
            if (status != null) {
                h.createUpdate("UPDATE runs SET status = :s WHERE id = :id").bind("s", status.name()).bind("id", id).execute();
            }
            if (endTime != null) {
                h.createUpdate("UPDATE runs SET end_time = :e WHERE id = :id").bind("e", endTime).bind("id", id).execute();
            }
            if (runName != null && !runName.isEmpty()) {
                setTags(h, id, runId, List.of(new KeyValue(RUN_NAME_TAG, runName))); // the tag writer renames the run too
            }
        });
        return getRun(runId).info();
    }

    @Override
    public void deleteRun(String runId) {
        setRunStage(runId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreRun(String runId) {
        setRunStage(runId, LifecycleStage.ACTIVE);
    }

    private void setRunStage(String runId, LifecycleStage stage) {
        db.useTransaction(h -> {
            long id = RunLogging.runId(h, runId);
            h.createUpdate("UPDATE runs SET lifecycle_stage = :s, deleted_time = :t WHERE id = :id").bind("s", stage.wire())
                    .bind("t", stage == LifecycleStage.DELETED ? (Long) clock.millis() : null).bind("id", id).execute();
        });
    }

    @Override
    public <T> Page<T> searchRuns(Caller caller, List<String> experimentIds, String filter, ViewType view, int maxResults,
                                  List<String> orderBy, String pageToken, EncodedRuns<T> encoded) {
        return search.search(caller, experimentIds, filter, view, maxResults, orderBy, pageToken, encoded);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
        logging.logBatch(runId, metrics, params, tags);
    }

    @Override
    public void deleteTag(String runId, String key) {
        db.useTransaction(h -> {
            long id = RunLogging.activeRunId(h, runId);
            int n = h.createUpdate("DELETE FROM run_tags WHERE run_id = :id AND tag_key = :k").bind("id", id).bind("k", key).execute();
            if (n == 0) {
                throw new ChorusException(ErrorCode.NOT_FOUND, "No tag with name: " + key + " in run with id " + runId);
            }
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> inputs) {
        logging.logInputs(runId, inputs);
    }

    @Override
    public Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken) {
        return logging.history(runId, key, maxResults, pageToken);
    }

    @Override
    public StepRange metricSteps(String runId, String key) {
        return logging.steps(runId, key);
    }

    @Override
    public void metricPoints(String runId, String key, Long startStep, Long endStep, PointSink sink) {
        logging.points(runId, key, startStep, endStep, sink);
    }

    @Override
    public List<MetricBlock> metricBlocks(String runId, String key, int size, long firstBlock, long lastBlock) {
        return logging.blocks(runId, key, size, firstBlock, lastBlock);
    }

    @Override
    public List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep, int maxResults) {
        return logging.bulkInterval(runIds, key, startStep, endStep, maxResults);
    }

}
