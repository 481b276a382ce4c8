package org.chorus.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Connected nodes, in memory: session check and liveness. Heartbeats only touch a timestamp here, so
 * thousands of idle nodes cost a map entry each; sessions are also in SQL, so they survive a restart
 * and are loaded back on a node's first call. The timestamps reach SQL in batches ({@link #unflushed}), so that
 * the coordinator running a task sees the nodes that heartbeat to another one.
 */
final class NodeRegistry {
    /** A node as the coordinator sees it. */
    static final class Node {
        final String id;
        final String federationId;
        final String name;
        final String sessionHash;
        volatile long lastSeenMs;
        /** The last {@link #lastSeenMs} written to SQL; only the flusher touches it. */
        long flushedMs;

        Node(String id, String federationId, String name, String sessionHash, long now) {
            this.id = id;
            this.federationId = federationId;
            this.name = name;
            this.sessionHash = sessionHash;
            this.lastSeenMs = now;
        }
    }

    private final SqlStore store;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    NodeRegistry(SqlStore store) {
        this.store = store;
    }

    void put(Node node) {
        nodes.put(node.id, node);
    }

    Node authenticate(String nodeId, String sessionToken, long now) {
        Node node = nodes.get(nodeId);
        if (node == null && NodeInputs.plausibleId(nodeId)) {
            node = store.node(nodeId).map(r -> new Node(r.id(), r.federationId(), r.name(), r.sessionHash(), now)).orElse(null);
            if (node != null) {
                nodes.putIfAbsent(nodeId, node);
                node = nodes.get(nodeId);
            }
        }
        if (node == null || !Secrets.matches(sessionToken, node.sessionHash)) {
            throw new ChorusException(ErrorCode.UNAUTHENTICATED, "unknown node or session; register again");
        }
        node.lastSeenMs = now;
        return node;
    }

    /** Ids of the federation's nodes seen within {@code livenessMs}. */
    List<String> alive(String federationId, long now, long livenessMs) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (n.federationId.equals(federationId) && now - n.lastSeenMs <= livenessMs) {
                out.add(n.id);
            }
        }
        return out;
    }

    /** When this process last heard from the node; null when it has not since it started. */
    Long lastSeen(String nodeId) {
        Node n = nodes.get(nodeId);
        return n == null ? null : n.lastSeenMs;
    }

    /** Nodes seen since their last flush, with when; {@link #flushed} marks them once written. */
    Map<String, Long> unflushed() {
        Map<String, Long> out = new java.util.HashMap<>();
        for (Node n : nodes.values()) {
            long seen = n.lastSeenMs;
            if (seen > n.flushedMs) {
                out.put(n.id, seen);
            }
        }
        return out;
    }

    void flushed(Map<String, Long> written) {
        written.forEach((id, seen) -> {
            Node n = nodes.get(id);
            if (n != null) {
                n.flushedMs = Math.max(n.flushedMs, seen);
            }
        });
    }

    int size() {
        return nodes.size();
    }
}
