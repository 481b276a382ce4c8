package org.chorus.tracking;

import java.util.List;
import java.util.Map;

/**
 * One version of a registered model. {@code source} is where its files are: an MLflow URI ({@code runs:/…},
 * {@code mlflow-artifacts:/…}, {@code models:/…}) or a hub repository revision, {@code chorus://owner/repo@commit}.
 */
public record ModelVersion(String name, int version, long creationTimestamp, long lastUpdatedTimestamp, String userId,
                           String currentStage, String description, String source, String runId, String runLink, String status,
                           String statusMessage, Map<String, String> tags, List<String> aliases) {}
