-- Every accepted job reaches a final state (docs/api.md, "Jobs").
--
-- job_outbox is the transactional outbox of job submission: the ingress inserts the job row and
-- its outbox row in one transaction and answers 202 after the commit, so an accepted job is
-- never lost between PostgreSQL and Kafka. The submitting instance publishes the request at
-- once; the relay (any ingress instance, SELECT ... FOR UPDATE SKIP LOCKED in small batches)
-- publishes whatever is left once available_at has passed, and a row is deleted after Kafka
-- acknowledged its request. available_at is a lease: the submitting instance has it until then,
-- so the relay does not publish the same request while that instance is still sending it.
-- request is the InferenceRequest exactly as it goes on inference.requests (JSON).

CREATE TABLE job_outbox (
    job_id       VARCHAR(128) PRIMARY KEY REFERENCES inference_jobs (id) ON DELETE CASCADE,
    request      TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    available_at TIMESTAMPTZ  NOT NULL
);

CREATE INDEX job_outbox_available_at ON job_outbox (available_at);

-- The reaper settles each job once, after its deadline plus a grace (ingress.jobs.expiry-grace):
-- settled_at is when it looked. A job that had no result of its own account then gets
-- expiry_code and expiry_message and reads EXPIRED for good; a result that lands later is still
-- stored in inference_results (and counted in the metrics) but does not change the job's answer:
-- the first final state wins, like the aggregator's rule for results. A job with a result is
-- only marked settled, so the partial index below holds only jobs still waiting for the reaper.

ALTER TABLE inference_jobs
    ADD COLUMN settled_at     TIMESTAMPTZ,
    ADD COLUMN expiry_code    VARCHAR(64),
    ADD COLUMN expiry_message TEXT;

CREATE INDEX inference_jobs_unsettled ON inference_jobs (deadline) WHERE settled_at IS NULL;
