package org.chorus.tracking;

import java.util.Map;

/** An experiment: a named group of runs. Ids are decimal strings, as MLflow's. */
public record Experiment(String experimentId, String name, String artifactLocation, LifecycleStage lifecycleStage,
                         long creationTime, long lastUpdateTime, Map<String, String> tags) {}
