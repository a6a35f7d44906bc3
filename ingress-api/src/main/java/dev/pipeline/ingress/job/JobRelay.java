package dev.pipeline.ingress.job;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.ingress.prediction.InferenceChannel;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what the {@link JobOutbox} holds once its submitter's lease has passed: jobs
 * whose submitting instance could not send them (Kafka down, the instance died after the
 * commit). Every {@code ingress.jobs.relay-interval}, in transactions of {@value #BATCH}
 * rows locked with {@code SKIP LOCKED}, so the relays of all instances can run at once; a
 * row is deleted in the transaction that sent it, after Kafka's acknowledgement. A crash
 * between the acknowledgement and the commit sends the request again later: consumers
 * take that (the worker answers each record, and every reader of results keeps one per
 * id), see docs/api.md.
 */
@Component
class JobRelay implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(JobRelay.class);

	/** Small, so a row is locked only while the few before it are sent. */
	static final int BATCH = 50;

	private final JobOutbox outbox;

	private final InferenceChannel channel;

	private final TransactionTemplate transactions;

	private final JobProperties properties;

	private final Clock clock;

	@Autowired
	JobRelay(JobOutbox outbox, InferenceChannel channel, TransactionTemplate transactions, JobProperties properties) {
		this(outbox, channel, transactions, properties, Clock.systemUTC());
	}

	JobRelay(JobOutbox outbox, InferenceChannel channel, TransactionTemplate transactions, JobProperties properties,
			Clock clock) {
		this.outbox = outbox;
		this.channel = channel;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::relayQuietly, this.properties.relayInterval());
	}

	/**
	 * Sends available rows batch by batch until none is left or Kafka refuses one.
	 * @return how many requests were sent
	 */
	int relay() {
		int sent = 0;
		while (true) {
			Batch batch = this.transactions.execute(status -> sendBatch());
			if (batch == null) {
				return sent;
			}
			sent += batch.sent();
			if (batch.stopped() || batch.taken() < BATCH) {
				return sent;
			}
		}
	}

	private void relayQuietly() {
		try {
			int sent = relay();
			if (sent > 0) {
				log.info("Relayed {} jobs from the outbox to Kafka", sent);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not read the job outbox: {}", ex.getMessage());
		}
	}

	private Batch sendBatch() {
		List<InferenceRequest> requests = this.outbox.lockAvailable(this.clock.instant(), BATCH);
		List<String> sent = new ArrayList<>(requests.size());
		boolean stopped = false;
		for (InferenceRequest request : requests) {
			try {
				this.channel.publish(request);
				sent.add(request.id());
			}
			catch (KafkaUnavailableException ex) {
				// Kafka is down: the rest of the batch would wait for the same timeout.
				log.warn("Kafka did not take job {} from the outbox; retrying later: {}", request.id(),
						ex.getMessage());
				stopped = true;
				break;
			}
		}
		this.outbox.remove(sent);
		return new Batch(requests.size(), sent.size(), stopped);
	}

	private record Batch(int taken, int sent, boolean stopped) {
	}

}
