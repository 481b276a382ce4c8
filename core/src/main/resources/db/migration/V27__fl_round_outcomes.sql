-- What each round's last attempt did with the nodes it asked, for the task page and GET …/tasks/{id}/rounds: how many
-- were selected, and which dropped out (no result by the deadline, disconnected) or were rejected, with the reason, as
-- JSON [{"node": id, "stage": "fit", "reason": "…", "dropped": true}]; started_at gives the attempt's duration with
-- ended_at. Rows written before this migration have NULL in all three.
ALTER TABLE fl_rounds ADD COLUMN selected INTEGER;
ALTER TABLE fl_rounds ADD COLUMN outcomes TEXT;
ALTER TABLE fl_rounds ADD COLUMN started_at BIGINT;
