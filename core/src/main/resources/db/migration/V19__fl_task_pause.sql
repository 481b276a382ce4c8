-- A running federated task can be paused: its round loop holds between rounds while paused_at is set. The loop reads
-- this row between rounds, so a pause, resume or stop asked through any server on the same database reaches it.
ALTER TABLE fl_tasks ADD COLUMN paused_at BIGINT;
