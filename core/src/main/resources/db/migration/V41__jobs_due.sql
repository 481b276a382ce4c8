-- Every node's background sweeps ask which queues hold a ready job (Jobs.readyQueues) every few seconds; this lets
-- that question read the unfinished jobs only, not every job ever run.
CREATE INDEX jobs_due ON jobs (state, not_before);
