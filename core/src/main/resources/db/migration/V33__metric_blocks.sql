-- Summaries of fixed step blocks of every metric series, so a chart of a million points reads a few thousand rows
-- instead of every point (ChartSeries). Block b of size s holds the points with floor(step / s) = b; sizes are 64
-- and 1,024. Per block: the first and last step, the number of non-NaN points, and the lowest and highest
-- non-NaN point (the first in step, ts order among equal values, as MinMaxBuckets keeps them), NULL when the block
-- holds only NaN. Values are stored as in metric_points (+/-Inf as +/-Double.MAX_VALUE). Every log-batch upserts the
-- blocks it touches in its own transaction (MetricBlocks). No foreign keys, for the reason V11 gives for points.
CREATE TABLE metric_blocks (
    run_id      BIGINT           NOT NULL,
    key_id      BIGINT           NOT NULL,
    size        INTEGER          NOT NULL,
    block       BIGINT           NOT NULL,
    first_step  BIGINT           NOT NULL,
    last_step   BIGINT           NOT NULL,
    value_count BIGINT           NOT NULL,
    min_step    BIGINT,
    min_ts      BIGINT,
    min_value   DOUBLE PRECISION,
    max_step    BIGINT,
    max_ts      BIGINT,
    max_value   DOUBLE PRECISION,
    PRIMARY KEY (run_id, key_id, size, block)
);

-- Backfill: one pass per size over the existing points. The block number is a floor division (SQL's rounds towards
-- zero, wrong for negative steps); the extremes are the first row of each block ordered by value.
INSERT INTO metric_blocks
SELECT run_id, key_id, 64, block, MIN(step), MAX(step), SUM(CASE WHEN is_nan THEN 0 ELSE 1 END),
       MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN step END), MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN ts END),
       MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN value END),
       MIN(CASE WHEN highest = 1 AND NOT is_nan THEN step END), MIN(CASE WHEN highest = 1 AND NOT is_nan THEN ts END),
       MIN(CASE WHEN highest = 1 AND NOT is_nan THEN value END)
FROM (SELECT run_id, key_id, step, ts, value, is_nan, block,
             ROW_NUMBER() OVER (PARTITION BY run_id, key_id, block ORDER BY is_nan, value, step, ts) AS lowest,
             ROW_NUMBER() OVER (PARTITION BY run_id, key_id, block ORDER BY is_nan, value DESC, step, ts) AS highest
      FROM (SELECT run_id, key_id, step, ts, value, is_nan,
                   CASE WHEN step >= 0 THEN step / 64 ELSE (step + 1) / 64 - 1 END AS block
            FROM metric_points) p) ranked
GROUP BY run_id, key_id, block;

INSERT INTO metric_blocks
SELECT run_id, key_id, 1024, block, MIN(step), MAX(step), SUM(CASE WHEN is_nan THEN 0 ELSE 1 END),
       MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN step END), MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN ts END),
       MIN(CASE WHEN lowest = 1 AND NOT is_nan THEN value END),
       MIN(CASE WHEN highest = 1 AND NOT is_nan THEN step END), MIN(CASE WHEN highest = 1 AND NOT is_nan THEN ts END),
       MIN(CASE WHEN highest = 1 AND NOT is_nan THEN value END)
FROM (SELECT run_id, key_id, step, ts, value, is_nan, block,
             ROW_NUMBER() OVER (PARTITION BY run_id, key_id, block ORDER BY is_nan, value, step, ts) AS lowest,
             ROW_NUMBER() OVER (PARTITION BY run_id, key_id, block ORDER BY is_nan, value DESC, step, ts) AS highest
      FROM (SELECT run_id, key_id, step, ts, value, is_nan,
                   CASE WHEN step >= 0 THEN step / 1024 ELSE (step + 1) / 1024 - 1 END AS block
            FROM metric_points) p) ranked
GROUP BY run_id, key_id, block;
