package dev.pipeline.ingress.job;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.IdempotencyKey;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.prediction.JobTicket;
import dev.pipeline.ingress.prediction.PredictionInput;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.quota.QuotaCharge;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

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

	private final QueuedJobs ledger;

	private final InferenceChannel channel;

	private final QuotaGate quotaGate;

	private final Duration requestDeadline;

	private final Duration sendLease;

	JobSubmitter(QueuedJobs ledger, InferenceChannel channel, QuotaGate quotaGate,
			PredictionProperties predictionProperties, JobProperties jobProperties) {
		if (jobProperties.sendLease().compareTo(predictionProperties.sendTimeout()) <= 0) {
			throw new IllegalStateException("ingress.jobs.send-lease (" + jobProperties.sendLease()
					+ ") must be longer than ingress.prediction.send-timeout (" + predictionProperties.sendTimeout()
					+ "), or the relay may send a request while its submitter is still sending it");
		}
		this.ledger = ledger;
		this.channel = channel;
		this.quotaGate = quotaGate;
		this.requestDeadline = predictionProperties.requestDeadline();
		this.sendLease = jobProperties.sendLease();
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
	 * @param callbackUrl where the job's final state is sent, checked
	 * ({@link dev.pipeline.ingress.webhook.CallbackUrls})
	 * @throws KafkaUnavailableException when too many jobs already wait for Kafka (an
	 * idempotent replay is still answered)
	 */
	Submission submit(PredictionInput input, RequestIds ids, Caller caller, @Nullable IdempotencyKey key,
			@Nullable URI callbackUrl) {
		InferenceRequest request = input.toRequest(ids.serverId(), caller.accountId(), Instant.now(),
				this.requestDeadline);
		QuotaCharge charge = this.quotaGate.chargeFor(caller, input.units(), request.id());
		Optional<String> earlier = this.ledger.recordAccepted(request, ids.clientRequestId(), key, charge,
				this.sendLease, callbackUrl);
		if (earlier.isPresent()) {
			return new Submission(new JobTicket(earlier.get(), this.ledger.status(earlier.get())), true);
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
		this.ledger.delivered(request.id());
	}

}
