package dev.pipeline.ingress.job;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import dev.pipeline.ingress.job.JobStore.KeyedJob;
import dev.pipeline.ingress.prediction.IdempotencyKey;
import dev.pipeline.ingress.prediction.JobLedger;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.quota.QuotaCharge;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where every accepted request that is, or may become, a job is recorded: jobs and keyed
 * synchronous predictions before they are sent (the job row and its {@link JobOutbox} row
 * in one transaction, under a per-key lock when there is an {@code Idempotency-Key}),
 * synchronous predictions whose reply was late, and synchronous predictions whose send
 * failed. A failed send is ambiguous (Kafka may have written the record before the
 * acknowledgement was lost), so it is neither refunded nor answered 503: the relay sends
 * it again, and the worker, the result store and the windows keep one answer per id.
 */
@Component
class QueuedJobs implements JobLedger {

	private static final Logger log = LoggerFactory.getLogger(QueuedJobs.class);

	private static final TypeReference<List<JsonNode>> OUTPUTS = new TypeReference<>() {
	};

	private final JobStore store;

	private final JobOutbox outbox;

	private final TransactionTemplate transactions;

	private final JobProperties properties;

	QueuedJobs(JobStore store, JobOutbox outbox, TransactionTemplate transactions, JobProperties properties) {
		this.store = store;
		this.outbox = outbox;
		this.transactions = transactions;
		this.properties = properties;
	}

	@Override
	public void recordQueued(InferenceRequest request, @Nullable String clientRequestId) {
		this.store.recordQueued(request, clientRequestId);
	}

	@Override
	public void recordUndelivered(InferenceRequest request, @Nullable String clientRequestId) {
		Instant now = Instant.now();
		this.transactions.executeWithoutResult((status) -> {
			this.outbox.requireRoom(this.properties.maxUndelivered());
			this.store.recordQueued(request, clientRequestId);
			// Available at once: no instance is sending it any more.
			this.outbox.add(request, now, now);
		});
	}

	@Override
	public Optional<String> recordAccepted(InferenceRequest request, @Nullable String clientRequestId,
			@Nullable IdempotencyKey key, QuotaCharge charge, Duration lease) {
		return recordAccepted(request, clientRequestId, key, charge, lease, null);
	}

	/**
	 * {@link #recordAccepted(InferenceRequest, String, IdempotencyKey, QuotaCharge, Duration)}
	 * for a job whose final state goes to a webhook: the callback URL is recorded with
	 * the job, so the delivery is added with its final state (schema V16_2).
	 */
	Optional<String> recordAccepted(InferenceRequest request, @Nullable String clientRequestId,
			@Nullable IdempotencyKey key, QuotaCharge charge, Duration lease, @Nullable URI callbackUrl) {
		Instant now = Instant.now();
		Optional<String> earlier;
		try {
			earlier = this.transactions.execute((status) -> (key != null)
					? recordOnce(request, clientRequestId, key, charge, now, lease, callbackUrl)
					: record(request, clientRequestId, null, charge, now, lease, callbackUrl));
		}
		catch (RuntimeException ex) {
			// Nothing was recorded: the charge taken in the rolled-back transaction goes
			// back.
			charge.giveBack();
			throw ex;
		}
		return (earlier != null) ? earlier : Optional.empty();
	}

	@Override
	public void delivered(String id) {
		try {
			this.outbox.remove(List.of(id));
		}
		catch (DataAccessException ex) {
			log.warn("Job {} was sent but stays in the outbox (it is sent once more): {}", id, ex.getMessage());
		}
	}

	@Override
	public String status(String id) {
		return this.store.find(id).map((job) -> JobView.of(job).status()).orElse(JobTicket.QUEUED);
	}

	@Override
	public Optional<InferenceResult> result(String id) {
		return this.store.find(id).filter((job) -> job.status() != null).map(QueuedJobs::result);
	}

	/** A finished job's columns as the result they were stored from. */
	private static InferenceResult result(JobRecord job) {
		List<JsonNode> outputs = (job.outputsJson() != null)
				? PipelineJson.mapper().readValue(job.outputsJson(), OUTPUTS) : null;
		ErrorInfo error = (job.errorCode() != null)
				? new ErrorInfo(job.errorCode(), (job.errorMessage() != null) ? job.errorMessage() : "") : null;
		Instant completedAt = (job.completedAt() != null) ? job.completedAt() : job.submittedAt();
		return new InferenceResult(InferenceResult.SCHEMA_VERSION, job.id(), job.model(), job.modelVersion(),
				job.accountId(), ResultStatus.valueOf(job.status()), outputs, error, job.submittedAt(), completedAt,
				new Timings(job.queueMs(), job.inferenceMs(), 0));
	}

	private Optional<String> record(InferenceRequest request, @Nullable String clientRequestId,
			@Nullable IdempotencyKey key, QuotaCharge charge, Instant now, Duration lease, @Nullable URI callbackUrl) {
		this.outbox.requireRoom(this.properties.maxUndelivered());
		charge.take();
		this.store.insert(request, clientRequestId, (key != null) ? key.key() : null,
				(key != null) ? key.requestHash() : null, callbackUrl);
		this.outbox.add(request, now, now.plus(lease));
		return Optional.empty();
	}

	/**
	 * @return the earlier request's id when the key is a replay, empty when this one was
	 * recorded
	 */
	private Optional<String> recordOnce(InferenceRequest request, @Nullable String clientRequestId, IdempotencyKey key,
			QuotaCharge charge, Instant now, Duration lease, @Nullable URI callbackUrl) {
		this.store.lockKey(request.accountId(), key.key());
		Optional<KeyedJob> earlier = this.store.findByKey(request.accountId(), key.key());
		if (earlier.isPresent()) {
			KeyedJob job = earlier.get();
			if (job.submittedAt().isAfter(now.minus(this.properties.idempotencyKeyTtl()))) {
				if (key.requestHash().equals(job.requestHash())) {
					return Optional.of(job.id());
				}
				throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", "Idempotency key reused",
						"This Idempotency-Key was already used with a different request body.")
					.with("jobId", job.id());
			}
			this.store.releaseKey(job.id());
		}
		return record(request, clientRequestId, key, charge, now, lease, callbackUrl);
	}

}
