-- Indexes of the paged lists (docs/api.md, "Lists").
--
-- Every list is ordered newest first by (time, id) and paged by keyset: the next page is
-- WHERE (time, id) < (the last row's) ORDER BY time DESC, id DESC LIMIT n. Each index below
-- starts with the columns a list filters on by equality and ends with (time, id), so PostgreSQL
-- walks it backwards from the cursor and stops after one page, whatever the table's size: no
-- sort, no sequential scan. A btree is read in both directions, so ascending columns serve the
-- descending order. The single-column indexes on the same times are replaced: their column is
-- the prefix of the new ones, which serve the range scans of the purges as well.

-- GET /v1/jobs of an account (with or without a status filter, which is checked on the walk).
CREATE INDEX inference_jobs_account_submitted ON inference_jobs (account_id, submitted_at, id);
-- GET /v1/jobs?model= of an account.
CREATE INDEX inference_jobs_account_model_submitted ON inference_jobs (account_id, model, submitted_at, id);
-- GET /v1/jobs of every account (the admin), and the purge of old jobs.
CREATE INDEX inference_jobs_submitted_id ON inference_jobs (submitted_at, id);
DROP INDEX inference_jobs_submitted_at;

-- GET /v1/admin/accounts.
CREATE INDEX accounts_created_at_id ON accounts (created_at, id);

-- GET /v1/admin/accounts/{id}/keys; also serves the foreign key's lookups by account_id.
CREATE INDEX api_keys_account_created_at_id ON api_keys (account_id, created_at, id);
DROP INDEX api_keys_account;

-- GET /v1/alerts, with and without a model.
CREATE INDEX metrics_alerts_raised_at_id ON metrics_alerts (raised_at, id);
CREATE INDEX metrics_alerts_model_raised_at ON metrics_alerts (model, raised_at, id);
DROP INDEX metrics_alerts_raised_at;
