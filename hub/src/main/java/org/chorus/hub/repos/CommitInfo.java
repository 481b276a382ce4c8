package org.chorus.hub.repos;

import java.time.Instant;
import java.util.List;

/** A commit as listings show it. */
public record CommitInfo(String id, String title, String message, List<String> authors, Instant date) {}
