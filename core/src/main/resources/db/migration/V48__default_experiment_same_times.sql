-- V45 dated the Default experiment with clock_timestamp() twice on PostgreSQL, which moves between the two reads: the
-- update time could come out a millisecond after the creation time (a flaky contract test showed it). The set-up
-- instant is the creation time; V45 itself cannot change, being applied already.
UPDATE experiments SET last_update_time = creation_time
    WHERE id = 0 AND last_update_time > creation_time AND last_update_time - creation_time < 1000;
