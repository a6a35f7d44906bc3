-- Job events pushed to clients (docs/api.md, "Job events").
--
-- A job changes state in two places: the metrics-aggregator inserts its result into
-- inference_results, or the ingress's reaper expires it (inference_jobs.expiry_code). Both fire
-- NOTIFY job_events with the job id as payload, in the writing transaction, so the notification
-- is delivered only once the change is committed and visible. Every ingress instance LISTENs on
-- the channel and re-reads the jobs its open event streams follow from the primary: PostgreSQL
-- stays the only source of truth, the notification only says "look again". A notification is
-- not stored: an instance that was disconnected re-reads every open stream when it listens
-- again. A result the aggregator skips (ON CONFLICT DO NOTHING: delivered twice) fires nothing.

CREATE FUNCTION notify_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('job_events', NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER inference_results_job_event AFTER INSERT ON inference_results
    FOR EACH ROW EXECUTE FUNCTION notify_job_event();

CREATE TRIGGER inference_jobs_expiry_event AFTER UPDATE OF expiry_code ON inference_jobs
    FOR EACH ROW WHEN (OLD.expiry_code IS NULL AND NEW.expiry_code IS NOT NULL)
    EXECUTE FUNCTION notify_job_event();
