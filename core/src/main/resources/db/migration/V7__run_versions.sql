-- Every change to a run (its row, latest metrics, params, tags, dataset inputs) raises runs.version, in the
-- database, so a server can keep a run's encoded answer while the version it reads is unchanged, whichever
-- server or tool made the change. Triggers rather than the write paths doing it: none can be forgotten.
ALTER TABLE runs ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- PostgreSQL: one statement-level trigger per table and event (transition tables allow one event each); a
-- log-batch of 500 metrics then bumps its run once, not 500 times. Runs are updated in id order so that two
-- writers cannot deadlock on them. A change to the run's own row bumps it in a BEFORE trigger.
${postgresOnly}CREATE FUNCTION chorus_runs_changed() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE r BIGINT; BEGIN FOR r IN SELECT DISTINCT run_id FROM changed ORDER BY run_id LOOP UPDATE runs SET version = version + 1 WHERE id = r; END LOOP; RETURN NULL; END $$;
${postgresOnly}CREATE FUNCTION chorus_run_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.version = OLD.version THEN NEW.version := OLD.version + 1; END IF; RETURN NEW; END $$;
${postgresOnly}CREATE TRIGGER runs_changed BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION chorus_run_row_changed();
${postgresOnly}CREATE TRIGGER latest_metrics_inserted AFTER INSERT ON latest_metrics REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER latest_metrics_updated AFTER UPDATE ON latest_metrics REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER latest_metrics_deleted AFTER DELETE ON latest_metrics REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER params_inserted AFTER INSERT ON params REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER params_updated AFTER UPDATE ON params REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER params_deleted AFTER DELETE ON params REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_tags_inserted AFTER INSERT ON run_tags REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_tags_updated AFTER UPDATE ON run_tags REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_tags_deleted AFTER DELETE ON run_tags REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_inputs_inserted AFTER INSERT ON run_inputs REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_inputs_updated AFTER UPDATE ON run_inputs REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();
${postgresOnly}CREATE TRIGGER run_inputs_deleted AFTER DELETE ON run_inputs REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION chorus_runs_changed();

-- SQLite has row triggers only (a 500-metric batch costs ~0.7 ms more). The run's own trigger lists every
-- column but version, so its own update does not fire it again.
${sqliteOnly}CREATE TRIGGER runs_changed AFTER UPDATE OF run_uuid, experiment_id, name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, deleted_time ON runs BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.id; END;
${sqliteOnly}CREATE TRIGGER latest_metrics_inserted AFTER INSERT ON latest_metrics BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER latest_metrics_updated AFTER UPDATE ON latest_metrics BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER latest_metrics_deleted AFTER DELETE ON latest_metrics BEGIN UPDATE runs SET version = version + 1 WHERE id = OLD.run_id; END;
${sqliteOnly}CREATE TRIGGER params_inserted AFTER INSERT ON params BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER params_updated AFTER UPDATE ON params BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER params_deleted AFTER DELETE ON params BEGIN UPDATE runs SET version = version + 1 WHERE id = OLD.run_id; END;
${sqliteOnly}CREATE TRIGGER run_tags_inserted AFTER INSERT ON run_tags BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER run_tags_updated AFTER UPDATE ON run_tags BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER run_tags_deleted AFTER DELETE ON run_tags BEGIN UPDATE runs SET version = version + 1 WHERE id = OLD.run_id; END;
${sqliteOnly}CREATE TRIGGER run_inputs_inserted AFTER INSERT ON run_inputs BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER run_inputs_updated AFTER UPDATE ON run_inputs BEGIN UPDATE runs SET version = version + 1 WHERE id = NEW.run_id; END;
${sqliteOnly}CREATE TRIGGER run_inputs_deleted AFTER DELETE ON run_inputs BEGIN UPDATE runs SET version = version + 1 WHERE id = OLD.run_id; END;
