-- Windowed metrics of inference results, alert thresholds and alerts (docs/metrics.md).
--
-- metrics_windows is written by the metrics-aggregator from its Kafka Streams windows. Each row
-- holds the CURRENT value of one tumbling window's aggregate and is replaced on every update
-- (upsert keyed by scope, account, model, version and window start), so a replay rewrites the
-- same value instead of adding to it. Two scopes share the table:
--   scope 'MODEL':   one row per (model, model_version, window); account_id = '*'
--   scope 'ACCOUNT': one row per (account_id, model, window), all versions; model_version = '*'
-- Results without an account are counted in the MODEL scope only. A result without a model
-- version is counted under model_version = 'unknown'.
-- Latency is end to end (completedAt - submittedAt, else queue + inference time) of SUCCEEDED
-- results, recorded in microseconds in an HdrHistogram (2 significant digits, up to 1 hour)
-- stored compressed (Histogram.encodeIntoCompressedByteBuffer). Percentiles over several
-- windows come from merging these histograms, never from averaging the p* columns, which are
-- precomputed for the single window only.

CREATE TABLE metrics_windows (
    scope                 VARCHAR(16)  NOT NULL CHECK (scope IN ('MODEL', 'ACCOUNT')),
    account_id            VARCHAR(64)  NOT NULL,
    model                 VARCHAR(128) NOT NULL,
    model_version         VARCHAR(64)  NOT NULL,
    window_start          TIMESTAMPTZ  NOT NULL,
    window_end            TIMESTAMPTZ  NOT NULL,
    result_count          BIGINT       NOT NULL,
    succeeded             BIGINT       NOT NULL,
    failed                BIGINT       NOT NULL,
    expired               BIGINT       NOT NULL,
    latency_histogram     BYTEA        NOT NULL,
    latency_p50_ms        DOUBLE PRECISION,
    latency_p95_ms        DOUBLE PRECISION,
    latency_p99_ms        DOUBLE PRECISION,
    latency_max_ms        DOUBLE PRECISION,
    batch_size_sum        BIGINT       NOT NULL DEFAULT 0,
    batch_size_count      BIGINT       NOT NULL DEFAULT 0,
    confidence_sum        DOUBLE PRECISION NOT NULL DEFAULT 0,
    confidence_count      BIGINT       NOT NULL DEFAULT 0,
    low_confidence_count  BIGINT       NOT NULL DEFAULT 0,
    label_counts          JSONB        NOT NULL DEFAULT '{}'::jsonb,
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, account_id, model, model_version, window_start)
);

CREATE INDEX metrics_windows_model_start ON metrics_windows (model, window_start);
CREATE INDEX metrics_windows_account_start ON metrics_windows (account_id, window_start) WHERE scope = 'ACCOUNT';
CREATE INDEX metrics_windows_start ON metrics_windows (window_start);

-- Alert thresholds per model, set through PUT /v1/metrics/thresholds and reloaded by the
-- aggregator periodically. A NULL threshold is not checked. Windows with fewer than
-- min_window_count results are not checked (one slow request is not an incident).
CREATE TABLE metrics_thresholds (
    model                 VARCHAR(128) PRIMARY KEY,
    p95_latency_ms        DOUBLE PRECISION,
    max_error_rate        DOUBLE PRECISION,
    min_mean_confidence   DOUBLE PRECISION,
    min_window_count      BIGINT       NOT NULL DEFAULT 1,
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per breach of a closed MODEL-scope window. The id is derived from (model, version,
-- metric, window start), and the unique constraint keeps a replayed alert to one row.
-- metric is one of p95LatencyMs, errorRate, meanConfidence.
CREATE TABLE metrics_alerts (
    id                    VARCHAR(64)  PRIMARY KEY,
    model                 VARCHAR(128) NOT NULL,
    model_version         VARCHAR(64)  NOT NULL,
    metric                VARCHAR(32)  NOT NULL,
    threshold             DOUBLE PRECISION NOT NULL,
    observed              DOUBLE PRECISION NOT NULL,
    window_start          TIMESTAMPTZ  NOT NULL,
    window_end            TIMESTAMPTZ  NOT NULL,
    raised_at             TIMESTAMPTZ  NOT NULL,
    UNIQUE (model, model_version, metric, window_start)
);

CREATE INDEX metrics_alerts_raised_at ON metrics_alerts (raised_at);
