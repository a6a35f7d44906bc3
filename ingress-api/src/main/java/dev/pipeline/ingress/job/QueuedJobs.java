package dev.pipeline.ingress.job;

import java.time.Instant;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.prediction.JobLedger;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job side of a synchronous prediction that became a job: recorded as queued when
 * Kafka holds it and the reply was late, or recorded with an outbox row when the send
 * failed. A failed send is ambiguous (Kafka may have written the record before the
 * acknowledgement was lost), so it is neither refunded nor answered 503: the relay sends
 * it again, and the worker, the result store and the windows keep one answer per id.
 */
@Component
class QueuedJobs implements JobLedger {

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

}
