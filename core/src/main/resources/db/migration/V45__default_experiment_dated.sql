-- The Default experiment was inserted with creation and update times of 0, which pages showed as 1970-01-01; MLflow's
-- own store dates it when the database is set up. Dated here when this migration runs (on a new database, its set-up).
${sqliteOnly}UPDATE experiments SET creation_time = CAST((julianday('now') - 2440587.5) * 86400000 AS BIGINT), last_update_time = CAST((julianday('now') - 2440587.5) * 86400000 AS BIGINT) WHERE id = 0 AND creation_time = 0;
${postgresOnly}UPDATE experiments SET creation_time = (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, last_update_time = (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT WHERE id = 0 AND creation_time = 0;
