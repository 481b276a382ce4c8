package org.chorus.tracking;

import java.util.List;
import java.util.Map;

/** A named model in the registry, with its latest version per stage, tags and aliases (alias to version). */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String description,
                              List<ModelVersion> latestVersions, Map<String, String> tags, Map<String, Integer> aliases) {}
