package dev.pipeline.ingress.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts an asynchronous job: charge it, then record the job and its request in the
 * {@link JobOutbox} in one transaction, answer 202 after the commit, and send the request
 * right away. From the commit on the job is accepted: if the send fails (or this instance
 * dies first) the request waits in the outbox and {@link JobRelay} sends it once this
 * instance's lease ({@code ingress.jobs.send-lease}) has passed; the charge stays. Only
 * when {@code ingress.jobs.max-undelivered} requests already wait for Kafka is a new job
 * refused (503, nothing charged), so a long outage does not pile up work without bound.
 *
 * <p>
 * With an {@code Idempotency-Key}, the lookup, the charge and the inserts run under a
 * per-key lock in that transaction: the same key with the same body returns the first job
 * (no second charge), with a different body a 409.
 */
@Service
class JobSubmitter {

	private static final Logger log = LoggerFactory.getLogger(JobSubmitter.class);

	private final JobStore store;

	private final JobOutbox outbox;

	private final InferenceChannel channel;

	private final QuotaGate quotaGate;

	private final TransactionTemplate transactions;

	private final Duration requestDeadline;

	private final JobProperties properties;

	JobSubmitter(JobStore store, JobOutbox outbox, InferenceChannel channel, QuotaGate quotaGate,
			TransactionTemplate transactions, PredictionProperties predictionProperties, JobProperties jobProperties) {
		if (jobProperties.sendLease().compareTo(predictionProperties.sendTimeout()) <= 0) {
			throw new IllegalStateException("ingress.jobs.send-lease (" + jobProperties.sendLease()
					+ ") must be longer than ingress.prediction.send-timeout (" + predictionProperties.sendTimeout()
					+ "), or the relay may send a request while its submitter is still sending it");
		}
		this.store = store;
		this.outbox = outbox;
		this.channel = channel;
		this.quotaGate = quotaGate;
		this.transactions = transactions;
		this.requestDeadline = predictionProperties.requestDeadline();
		this.properties = jobProperties;
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
	 * @throws KafkaUnavailableException when too many jobs already wait for Kafka (an
	 * idempotent replay is still answered)
	 */
	Submission submit(PredictionInput input, RequestIds ids, Caller caller, @Nullable String idempotencyKey,
			@Nullable String requestHash) {
		Instant now = Instant.now();
		InferenceRequest request = input.toRequest(ids.serverId(), caller.accountId(), now, this.requestDeadline);
		String clientRequestId = ids.clientRequestId();
		QuotaCharge charge = this.quotaGate.chargeFor(caller, input.units(), request.id());
		Optional<String> earlier;
		try {
			earlier = this.transactions.execute(status -> (idempotencyKey != null)
					? recordOnce(request, clientRequestId, idempotencyKey, requestHash, charge, now)
					: record(request, clientRequestId, null, null, charge, now));
		}
		catch (RuntimeException ex) {
			charge.giveBack();
			throw ex;
		}
		if (earlier != null && earlier.isPresent()) {
			return new Submission(new JobTicket(earlier.get(), currentStatus(earlier.get())), true);
		}
		sendNow(request);
		return new Submission(JobTicket.queued(request.id()), false);
	}

	/**
	 * Sends the committed request at once, so a healthy pipeline does not wait for the
	 * relay; a failure leaves it to the relay.
	 */
	private void sendNow(InferenceRequest request) {
		try {
			this.channel.publish(request);
		}
		catch (KafkaUnavailableException ex) {
			log.warn("Job {} waits in the outbox for the relay: {}", request.id(), ex.getMessage());
			return;
		}
		try {
			this.outbox.remove(List.of(request.id()));
		}
		catch (DataAccessException ex) {
			// The relay sends it once more; consumers keep one result per id.
			log.warn("Job {} was sent but stays in the outbox: {}", request.id(), ex.getMessage());
		}
	}

	private Optional<String> record(InferenceRequest request, @Nullable String clientRequestId, @Nullable String key,
			@Nullable String requestHash, QuotaCharge charge, Instant now) {
		this.outbox.requireRoom(this.properties.maxUndelivered());
		charge.take();
		this.store.insert(request, clientRequestId, key, requestHash);
		this.outbox.add(request, now, now.plus(this.properties.sendLease()));
		return Optional.empty();
	}

	/**
	 * @return the earlier job's id when the key is a replay, empty when this one was
	 * recorded
	 */
	private Optional<String> recordOnce(InferenceRequest request, @Nullable String clientRequestId, String key,
			@Nullable String requestHash, QuotaCharge charge, Instant now) {
		this.store.lockKey(request.accountId(), key);
		Optional<KeyedJob> earlier = this.store.findByKey(request.accountId(), key);
		if (earlier.isPresent()) {
			KeyedJob job = earlier.get();
			if (job.submittedAt().isAfter(now.minus(this.properties.idempotencyKeyTtl()))) {
				if (job.requestHash() != null && job.requestHash().equals(requestHash)) {
					return Optional.of(job.id());
				}
				throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", "Idempotency key reused",
						"This Idempotency-Key was already used with a different request body.")
					.with("jobId", job.id());
			}
			this.store.releaseKey(job.id());
		}
		return record(request, clientRequestId, key, requestHash, charge, now);
	}

	private String currentStatus(String id) {
		return this.store.find(id).map(job -> JobView.of(job).status()).orElse(JobTicket.QUEUED);
	}

}
