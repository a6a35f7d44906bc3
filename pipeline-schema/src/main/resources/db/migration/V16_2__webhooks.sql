-- Job webhooks (docs/api.md, "Webhooks").
--
-- A job submitted with a callbackUrl keeps it in inference_jobs.callback_url. When the job gets
-- its final state (the aggregator stores its result, or the reaper expires it) the same triggers'
-- transaction adds one webhook_deliveries row, so a final state and its delivery are committed
-- together and no delivery is lost between them; a result the job does not show (another
-- account's, or one landing after the expiry: first final state wins) adds none. Every ingress
-- instance sends due deliveries, each claimed with FOR UPDATE SKIP LOCKED and leased until
-- next_attempt_at, so one instance sends each attempt. The Webhook-Id is the job id, the same on
-- every attempt. A failed attempt is retried at next_attempt_at (exponential backoff with jitter)
-- until the configured bound after created_at; then state FAILED.
--
-- webhook_secrets holds each account's signing secret. HMAC needs the secret itself, so it is
-- stored as issued (unlike API keys, of which only a hash is kept): whoever reads this table can
-- sign webhooks for the account, not call the API.

ALTER TABLE inference_jobs ADD COLUMN callback_url VARCHAR(2048);

CREATE TABLE webhook_secrets (
    account_id VARCHAR(64)  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret     VARCHAR(128) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE webhook_deliveries (
    job_id          VARCHAR(128)  PRIMARY KEY REFERENCES inference_jobs (id) ON DELETE CASCADE,
    account_id      VARCHAR(64),
    callback_url    VARCHAR(2048) NOT NULL,
    state           VARCHAR(16)   NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        INTEGER       NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT
);

-- Only deliveries still to send: the claim of every instance reads this, however many are kept.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';

CREATE FUNCTION enqueue_result_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (job_id, account_id, callback_url)
    SELECT j.id, j.account_id, j.callback_url FROM inference_jobs j
    WHERE j.id = NEW.id AND j.callback_url IS NOT NULL AND j.expiry_code IS NULL
      AND j.account_id IS NOT DISTINCT FROM NEW.account_id
    ON CONFLICT (job_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER inference_results_webhook AFTER INSERT ON inference_results
    FOR EACH ROW EXECUTE FUNCTION enqueue_result_webhook();

CREATE FUNCTION enqueue_expiry_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (job_id, account_id, callback_url)
    VALUES (NEW.id, NEW.account_id, NEW.callback_url)
    ON CONFLICT (job_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER inference_jobs_expiry_webhook AFTER UPDATE OF expiry_code ON inference_jobs
    FOR EACH ROW WHEN (OLD.expiry_code IS NULL AND NEW.expiry_code IS NOT NULL AND NEW.callback_url IS NOT NULL)
    EXECUTE FUNCTION enqueue_expiry_webhook();
