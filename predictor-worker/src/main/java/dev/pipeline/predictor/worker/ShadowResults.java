package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.RequestRules;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Records the results of shadow runs (a traffic split's {@code shadow} version computing
 * a request's input after the version that answered it) on {@code inference.results},
 * where the metrics-aggregator counts them in the shadow version's windows, so the two
 * versions compare on the same traffic. A shadow result is never a reply and belongs to
 * no account (it is nobody's job and nobody's usage): its id is
 * {@code shadow-<version>:<request id>}, and the {@link PipelineHeaders#SHADOW_OF} header
 * names the request.
 *
 * <p>
 * Off the request path: the results are queued and sent by a thread of their own, many in
 * one Kafka transaction of their own (the worker's producer is transactional, and a
 * poll's transaction must not wait for a shadow). A shadow result that does not fit the
 * queue, or that Kafka refuses, is dropped and counted
 * ({@code inference.shadow.dropped}): a shadow is a measurement, never worth holding up
 * the answers.
 */
@Component
class ShadowResults implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShadowResults.class);

	private static final int CAPACITY = 10_000;

	private static final int BATCH = 500;

	private final KafkaTemplate<String, byte[]> template;

	private final PredictorTopics topics;

	private final BlockingQueue<ProducerRecord<String, byte[]>> pending = new LinkedBlockingQueue<>(CAPACITY);

	private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "shadow-results");
		thread.setDaemon(true);
		return thread;
	});

	private final Counter dropped;

	ShadowResults(KafkaTemplate<String, byte[]> template, PredictorTopics topics, MeterRegistry registry) {
		this.template = template;
		this.topics = topics;
		this.dropped = Counter.builder("inference.shadow.dropped")
			.description("Shadow results not recorded: the queue was full, Kafka refused them, or the id was too long")
			.register(registry);
	}

	/**
	 * The id of a shadow result, {@code null} when the request's id leaves no room for
	 * the prefix within the contract's id rule.
	 */
	static @Nullable String idOf(String version, String requestId) {
		String id = "shadow-" + version + ":" + requestId;
		return RequestRules.ID.matcher(id).matches() ? id : null;
	}

	/** Counts a shadow run that could not be recorded. */
	void droppedOne() {
		this.dropped.increment();
	}

	/** Queues a shadow result; sent soon, in a transaction with the others queued. */
	void record(InferenceResult result, String requestId) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.topics.results(), result.id(),
				PipelineJson.mapper().writeValueAsBytes(result));
		record.headers().add(PipelineHeaders.SHADOW_OF, requestId.getBytes(StandardCharsets.UTF_8));
		if (!this.pending.offer(record)) {
			this.dropped.increment();
			return;
		}
		try {
			this.sender.execute(this::sendPending);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down.
			this.dropped.increment();
		}
	}

	private void sendPending() {
		List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
		this.pending.drainTo(batch, BATCH);
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.template.executeInTransaction(operations -> {
				batch.forEach(operations::send);
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record {} shadow results on {}: {}", batch.size(), this.topics.results(),
					ex.getMessage());
			this.dropped.increment(batch.size());
		}
	}

	@Override
	public void destroy() {
		this.sender.shutdown();
	}

}
