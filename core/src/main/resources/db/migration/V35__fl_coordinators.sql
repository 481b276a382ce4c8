-- Any Chorus node answers a federated node's gRPC calls: it serves the tasks whose lease it holds and forwards the
-- rest to their owner, whose gRPC address (serve --fl-address) is advertised here and renewed with its leases.
CREATE TABLE fl_coordinators (
    node_id       VARCHAR(64)  PRIMARY KEY,
    address       VARCHAR(255) NOT NULL,
    heartbeat_at  BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL
);
-- When any coordinator last heard from the node (epoch ms), written in batches every few seconds, not per heartbeat:
-- a task's owner selects the nodes other coordinators see.
ALTER TABLE fl_nodes ADD COLUMN last_seen_at BIGINT;
