-- Accounts, their API keys and the ledger of quota usage synchronised from Redis.
--
-- Quota decisions are made in Redis (ingress-api, quota-charge.lua); accounts.quota_used is the
-- durable copy, advanced by the ingress's sync job in batches of deltas. Each batch is recorded
-- in quota_sync_batches under a unique id, so a batch that is delivered twice (a crash between
-- the PostgreSQL commit and the Redis acknowledgement) is counted once. See docs/accounts.md.

CREATE TABLE accounts (
    id              VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(255) NOT NULL UNIQUE,
    quota_limit     BIGINT       NOT NULL CHECK (quota_limit >= 0),
    quota_used      BIGINT       NOT NULL DEFAULT 0 CHECK (quota_used >= 0),
    rate_per_minute INTEGER      NOT NULL CHECK (rate_per_minute > 0),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a key is stored; the key itself is shown once, when it is issued.
-- prefix is the first characters of the key: not secret, it lets people and logs tell keys apart.
CREATE TABLE api_keys (
    id           VARCHAR(64) PRIMARY KEY,
    account_id   VARCHAR(64) NOT NULL REFERENCES accounts (id),
    key_hash     BYTEA       NOT NULL UNIQUE,
    prefix       VARCHAR(16) NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ
);

CREATE INDEX api_keys_account ON api_keys (account_id);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

CREATE TABLE quota_sync_batches (
    account_id VARCHAR(64) NOT NULL REFERENCES accounts (id),
    batch_id   VARCHAR(64) NOT NULL,
    delta      BIGINT      NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, batch_id)
);

CREATE INDEX quota_sync_batches_applied_at ON quota_sync_batches (applied_at);
