-- Metric points are append-only, and neither runs nor metric keys are ever deleted (runs are only marked
-- deleted), so on PostgreSQL the points drop their foreign keys: each checked row fired two RI triggers that
-- lock the parent row, four times the cost of the insert itself (16,000 points: 775 ms checked, 171 ms not).
-- SQLite checks a foreign key with one probe of the parent's index, and dropping it would mean copying the
-- table, so there the lines below are comments. Whoever adds a hard delete of runs deletes their points too.
${postgresOnly}ALTER TABLE metric_points DROP CONSTRAINT IF EXISTS metric_points_run_id_fkey;
${postgresOnly}ALTER TABLE metric_points DROP CONSTRAINT IF EXISTS metric_points_key_id_fkey;
