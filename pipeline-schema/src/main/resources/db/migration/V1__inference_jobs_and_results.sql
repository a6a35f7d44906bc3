-- Jobs and results of inference requests.
--
-- inference_jobs is written by the ingress when it hands out a job id (async submission, or a
-- synchronous call whose wait budget ran out), so a job is known before its result lands.
-- inference_results is written by the metrics-aggregator from inference.results, as upserts
-- keyed by request id: a result delivered twice is stored once.

CREATE TABLE inference_jobs (
    id              VARCHAR(128) PRIMARY KEY,
    account_id      VARCHAR(64),
    model           VARCHAR(128) NOT NULL,
    submitted_at    TIMESTAMPTZ  NOT NULL,
    deadline        TIMESTAMPTZ,
    idempotency_key VARCHAR(255),
    request_hash    VARCHAR(64)
);

CREATE UNIQUE INDEX inference_jobs_idempotency ON inference_jobs (account_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX inference_jobs_submitted_at ON inference_jobs (submitted_at);

CREATE TABLE inference_results (
    id             VARCHAR(128) PRIMARY KEY,
    account_id     VARCHAR(64),
    model          VARCHAR(128) NOT NULL,
    model_version  VARCHAR(64),
    status         VARCHAR(16)  NOT NULL,
    outputs        JSONB,
    error_code     VARCHAR(64),
    error_message  TEXT,
    submitted_at   TIMESTAMPTZ,
    completed_at   TIMESTAMPTZ  NOT NULL,
    queue_ms       DOUBLE PRECISION NOT NULL DEFAULT 0,
    inference_ms   DOUBLE PRECISION NOT NULL DEFAULT 0,
    batch_size     INTEGER NOT NULL DEFAULT 0,
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX inference_results_completed_at ON inference_results (completed_at);
