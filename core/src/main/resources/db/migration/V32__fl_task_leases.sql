-- A running federated task is run by the node holding its lease: lease_owner (a node id) until lease_until (epoch
-- ms). The owner renews it every few seconds; when a node dies its leases expire and another node takes the task
-- over, resuming from the last committed round.
ALTER TABLE fl_tasks ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE fl_tasks ADD COLUMN lease_until BIGINT;
