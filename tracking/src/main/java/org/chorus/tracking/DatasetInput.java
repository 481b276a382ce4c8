package org.chorus.tracking;

import java.util.List;

/** A dataset a run used, with the input's tags (e.g. {@code mlflow.data.context=training}). */
public record DatasetInput(List<KeyValue> tags, Dataset dataset) {

    public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {}
}
