package dev.pipeline.ingress.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.job.JobStore.KeyedJob;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.quota.QuotaCharge;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIds;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts an asynchronous job: record it, charge it, then put it on Kafka. The row comes
 * first so a client polling right after the 202 finds the job; if Kafka refuses the
 * request the row is removed and the charge refunded, and the client gets a 503 with
 * nothing accepted.
 *
 * <p>
 * With an {@code Idempotency-Key}, the lookup, the charge and the insert run under a
 * per-key lock in one transaction: the same key with the same body returns the first job
 * (no second charge), with a different body a 409.
 */
@Service
class JobSubmitter {

	private final JobStore store;

	private final InferenceChannel channel;

	private final QuotaGate quotaGate;

	private final TransactionTemplate transactions;

	private final Duration requestDeadline;

	private final Duration idempotencyKeyTtl;

	JobSubmitter(JobStore store, InferenceChannel channel, QuotaGate quotaGate, TransactionTemplate transactions,
			PredictionProperties predictionProperties, JobProperties jobProperties) {
		this.store = store;
		this.channel = channel;
		this.quotaGate = quotaGate;
		this.transactions = transactions;
		this.requestDeadline = predictionProperties.requestDeadline();
		this.idempotencyKeyTtl = jobProperties.idempotencyKeyTtl();
	}

	/**
	 * A submission's answer; {@code replayed} when an idempotency key returned an earlier
	 * job.
	 */
	record Submission(JobTicket ticket, boolean replayed) {
	}

	/**
	 * @param ids the request's ids: the job gets the server's id, never the client's, so
	 * no client can name (or collide with) another account's job; the client's own is
	 * kept with the job
	 */
	Submission submit(PredictionInput input, RequestIds ids, Caller caller, @Nullable String idempotencyKey,
			@Nullable String requestHash) {
		InferenceRequest request = input.toRequest(ids.serverId(), caller.accountId(), Instant.now(),
				this.requestDeadline);
		String clientRequestId = ids.clientRequestId();
		QuotaCharge charge = this.quotaGate.chargeFor(caller, input.units(), request.id());
		try {
			if (idempotencyKey == null) {
				charge.take();
				this.store.insert(request, clientRequestId, null, null);
			}
			else {
				Optional<String> earlier = this.transactions
					.execute(status -> recordOnce(request, clientRequestId, idempotencyKey, requestHash, charge));
				if (earlier != null && earlier.isPresent()) {
					return new Submission(new JobTicket(earlier.get(), currentStatus(earlier.get())), true);
				}
			}
		}
		catch (RuntimeException ex) {
			charge.giveBack();
			throw ex;
		}
		try {
			this.channel.publish(request);
		}
		catch (RuntimeException ex) {
			this.store.delete(request.id());
			charge.giveBack();
			throw ex;
		}
		return new Submission(JobTicket.queued(request.id()), false);
	}

	/**
	 * @return the earlier job's id when the key is a replay, empty when this one was
	 * recorded
	 */
	private Optional<String> recordOnce(InferenceRequest request, @Nullable String clientRequestId, String key,
			@Nullable String requestHash, QuotaCharge charge) {
		this.store.lockKey(request.accountId(), key);
		Optional<KeyedJob> earlier = this.store.findByKey(request.accountId(), key);
		if (earlier.isPresent()) {
			KeyedJob job = earlier.get();
			if (job.submittedAt().isAfter(Instant.now().minus(this.idempotencyKeyTtl))) {
				if (job.requestHash() != null && job.requestHash().equals(requestHash)) {
					return Optional.of(job.id());
				}
				throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", "Idempotency key reused",
						"This Idempotency-Key was already used with a different request body.")
					.with("jobId", job.id());
			}
			this.store.releaseKey(job.id());
		}
		charge.take();
		this.store.insert(request, clientRequestId, key, requestHash);
		return Optional.empty();
	}

	private String currentStatus(String id) {
		return this.store.find(id).map(job -> JobView.of(job).status()).orElse(JobTicket.QUEUED);
	}

}
