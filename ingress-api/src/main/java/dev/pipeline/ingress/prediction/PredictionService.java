package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * A synchronous prediction: charge the quota, put the request on Kafka with reply
 * headers, wait within the budget, and fall back to a job when the reply does not come in
 * time. A request Kafka accepted is never dropped: it is either answered or handed back
 * as a job. Quota is refunded only when Kafka did not accept the request.
 */
@Service
public class PredictionService {

	private static final Logger log = LoggerFactory.getLogger(PredictionService.class);

	private final ReplyRouter replyRouter;

	private final RequestProducer requestProducer;

	private final JobLedger jobLedger;

	private final ObjectProvider<QuotaGate> quotaGate;

	private final Duration requestDeadline;

	PredictionService(ReplyRouter replyRouter, RequestProducer requestProducer, JobLedger jobLedger,
			ObjectProvider<QuotaGate> quotaGate, PredictionProperties properties) {
		this.replyRouter = replyRouter;
		this.requestProducer = requestProducer;
		this.jobLedger = jobLedger;
		this.quotaGate = quotaGate;
		this.requestDeadline = properties.requestDeadline();
	}

	/**
	 * @param ids the request's ids: the prediction gets the server's id, and the client's
	 * own is kept with the job if the prediction becomes one
	 */
	public PredictionOutcome predict(PredictionInput input, RequestIds ids, @Nullable Caller caller, Duration wait) {
		long startNanos = System.nanoTime();
		InferenceRequest request = input.toRequest(ids.serverId(), (caller != null) ? caller.accountId() : null,
				Instant.now(), this.requestDeadline);
		QuotaGate gate = this.quotaGate.getIfAvailable();
		if (gate != null) {
			gate.charge(caller, input.units());
		}
		boolean accepted = false;
		try {
			if (wait.isZero()) {
				this.requestProducer.publish(request);
				accepted = true;
				return queued(request, ids);
			}
			ReplyOutcome outcome = this.replyRouter.sendAndAwait(request, wait);
			switch (outcome.kind()) {
				case REPLIED:
					accepted = true;
					return PredictionOutcome.completed(outcome.result(), (System.nanoTime() - startNanos) / 1e6);
				case TIMED_OUT:
					accepted = true;
					return queued(request, ids);
				default:
					// UNROUTABLE: no reply partition right now (rebalance): send it as a
					// job instead of waiting.
					this.requestProducer.publish(request);
					accepted = true;
					return queued(request, ids);
			}
		}
		finally {
			if (!accepted && gate != null) {
				gate.refund(caller, input.units());
			}
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
