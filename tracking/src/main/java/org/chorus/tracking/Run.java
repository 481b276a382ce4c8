package org.chorus.tracking;

import java.util.List;

/** A run with its latest metric values, params, tags and dataset inputs. */
public record Run(RunInfo info, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags, List<DatasetInput> inputs) {}
