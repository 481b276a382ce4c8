package org.chorus.hub.repos;

import java.util.List;

/** A model's ancestors and descendants, each with its relation to the model it derives from. */
public record FamilyTree(String id, List<Edge> ancestors, List<Edge> descendants) {
    /** {@code child} derives from {@code base} by {@code relation}, at {@code depth} steps from the model asked for. */
    public record Edge(String child, String base, String relation, int depth) {}
}
