package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.quota.QuotaCharge;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import dev.pipeline.ingress.system.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * A synchronous prediction: charge the quota, put the request on Kafka with reply
 * headers, wait within the budget, and fall back to a job when the reply does not come in
 * time. A request Kafka accepted is never dropped: it is either answered or handed back
 * as a job. When the send fails (Kafka may or may not have written it), the request is a
 * job in the outbox, sent again by its relay; quota is refunded only when the request
 * could be neither sent nor put in the outbox. A worker's FAILED or EXPIRED answer
 * becomes its problem here ({@link ResultProblems}), so every route that predicts answers
 * it the same way.
 */
@Service
public class PredictionService {

	private static final Logger log = LoggerFactory.getLogger(PredictionService.class);

	private final InferenceChannel channel;

	private final JobLedger jobLedger;

	private final QuotaGate quotaGate;

	private final Duration requestDeadline;

	private final Duration sendTimeout;

	private final PredictionMeters meters;

	PredictionService(InferenceChannel channel, JobLedger jobLedger, QuotaGate quotaGate,
			PredictionProperties properties, PredictionMeters meters) {
		this.channel = channel;
		this.meters = meters;
		this.jobLedger = jobLedger;
		this.quotaGate = quotaGate;
		this.requestDeadline = properties.requestDeadline();
		this.sendTimeout = properties.sendTimeout();
	}

	/**
	 * @param ids the request's ids: the prediction gets the server's id, and the client's
	 * own is kept with the job if the prediction becomes one
	 * @return the succeeded result, or the job the request became
	 * @throws dev.pipeline.ingress.system.ApiProblem the worker's FAILED or EXPIRED
	 * answer as a problem, or 503 when Kafka did not accept the request
	 */
	public PredictionOutcome predict(PredictionInput input, RequestIds ids, Caller caller, Duration wait) {
		return predict(input, ids, caller, wait, null);
	}

	/**
	 * @param key the client's {@code Idempotency-Key}, if any: the request is then
	 * recorded as a job before it is sent, so a retry with the same key (after a broken
	 * connection, say) gets this request's result, or its job while it runs, instead of a
	 * second prediction
	 * @return the succeeded result, the job the request became, or, for a replayed key,
	 * the earlier request's result or, while it runs, its job
	 */
	public PredictionOutcome predict(PredictionInput input, RequestIds ids, Caller caller, Duration wait,
			@Nullable IdempotencyKey key) {
		long startNanos = System.nanoTime();
		InferenceRequest request = input.toRequest(ids.serverId(), caller.accountId(), Instant.now(),
				this.requestDeadline);
		QuotaCharge charge = this.quotaGate.chargeFor(caller, input.units(), request.id());
		PredictionOutcome outcome;
		if (key != null) {
			Optional<String> earlier = accept(request, ids, key, charge, wait);
			outcome = earlier.isPresent() ? replay(earlier.get()) : sendAccepted(request, ids, wait, startNanos);
		}
		else {
			charge.take();
			try {
				outcome = send(request, ids, wait, startNanos);
			}
			catch (RuntimeException ex) {
				charge.giveBack();
				throw ex;
			}
		}
		if (!outcome.queued() && !ResultProblems.succeeded(outcome.result())) {
			throw outcome.replayed() ? ResultProblems.replayed(outcome.result()) : ResultProblems.of(outcome.result());
		}
		return outcome;
	}

	/**
	 * The answer to a replayed key: the earlier request's result once its job has one
	 * (its FAILED or EXPIRED result is the same problem again), else its job, as when the
	 * wait budget runs out. Nothing is charged, sent or waited for.
	 */
	private PredictionOutcome replay(String earlierId) {
		return this.jobLedger.result(earlierId)
			.map(PredictionOutcome::replayed)
			.orElseGet(() -> PredictionOutcome.replayed(earlierId, JobTicket.QUEUED));
	}

	/**
	 * Records a keyed request as an accepted job before it is sent; its outbox row is
	 * left to this instance for as long as it may still be sending and waiting.
	 */
	private Optional<String> accept(InferenceRequest request, RequestIds ids, IdempotencyKey key, QuotaCharge charge,
			Duration wait) {
		return this.jobLedger.recordAccepted(request, ids.clientRequestId(), key, charge,
				this.sendTimeout.plus(wait).plusSeconds(1));
	}

	/**
	 * Sends a request that is already accepted as a job: a failed send is left to the
	 * outbox's relay, never refunded.
	 */
	private PredictionOutcome sendAccepted(InferenceRequest request, RequestIds ids, Duration wait, long startNanos) {
		PredictionOutcome outcome;
		try {
			outcome = sendOnce(request, ids, wait, startNanos);
		}
		catch (KafkaUnavailableException ex) {
			return waitsInOutbox(request, wait, ex);
		}
		this.jobLedger.delivered(request.id());
		return outcome;
	}

	/**
	 * Puts the request on Kafka, by the reply route when the caller waits. A send that
	 * failed may still have reached Kafka, so the request becomes a job the outbox sends
	 * again rather than a 503 and a refund: it is answered once either way.
	 */
	private PredictionOutcome send(InferenceRequest request, RequestIds ids, Duration wait, long startNanos) {
		PredictionOutcome outcome;
		try {
			outcome = sendOnce(request, ids, wait, startNanos);
		}
		catch (KafkaUnavailableException ex) {
			recordUndelivered(request, ids, ex);
			return waitsInOutbox(request, wait, ex);
		}
		return outcome.queued() ? queued(request, ids) : outcome;
	}

	/**
	 * One send; a request that did not get its answer is returned queued, and recorded as
	 * a job by the caller (a keyed request's job row exists already).
	 */
	private PredictionOutcome sendOnce(InferenceRequest request, RequestIds ids, Duration wait, long startNanos) {
		if (wait.isZero()) {
			this.channel.publish(request);
			return PredictionOutcome.queued(request.id());
		}
		ReplyOutcome outcome = this.channel.sendAndAwait(request, wait);
		return switch (outcome.kind()) {
			case REPLIED -> PredictionOutcome.completed(outcome.result(), (System.nanoTime() - startNanos) / 1e6);
			case TIMED_OUT -> {
				this.meters.fellBack(request.model(), PredictionMeters.Fallback.TIMEOUT);
				yield PredictionOutcome.queued(request.id());
			}
			case UNROUTABLE -> {
				// No reply partition right now (rebalance): send it as a job instead of
				// waiting.
				this.channel.publish(request);
				this.meters.fellBack(request.model(), PredictionMeters.Fallback.UNROUTABLE);
				yield PredictionOutcome.queued(request.id());
			}
		};
	}

	private PredictionOutcome waitsInOutbox(InferenceRequest request, Duration wait, KafkaUnavailableException ex) {
		if (!wait.isZero()) {
			this.meters.fellBack(request.model(), PredictionMeters.Fallback.KAFKA_UNAVAILABLE);
		}
		log.warn("Request {} waits in the job outbox: Kafka did not acknowledge it ({})", request.id(),
				ex.getMessage());
		return PredictionOutcome.queued(request.id());
	}

	/**
	 * Hands the request to the job outbox; when that fails too (the outbox is full, or
	 * PostgreSQL is down), the request is not accepted and Kafka's failure is the answer.
	 */
	private void recordUndelivered(InferenceRequest request, RequestIds ids, KafkaUnavailableException sendFailure) {
		try {
			this.jobLedger.recordUndelivered(request, ids.clientRequestId());
		}
		catch (KafkaUnavailableException outboxFull) {
			outboxFull.addSuppressed(sendFailure);
			throw outboxFull;
		}
		catch (RuntimeException ex) {
			sendFailure.addSuppressed(ex);
			throw sendFailure;
		}
	}

	private PredictionOutcome queued(InferenceRequest request, RequestIds ids) {
		try {
			this.jobLedger.recordQueued(request, ids.clientRequestId());
		}
		catch (DataAccessException ex) {
			// Kafka already holds the request; its result row will make the job readable.
			log.warn("Could not record job {} (it stays readable once its result lands): {}", request.id(),
					ex.getMessage());
		}
		return PredictionOutcome.queued(request.id());
	}

}
