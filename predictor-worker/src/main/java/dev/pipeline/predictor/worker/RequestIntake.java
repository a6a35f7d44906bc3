package dev.pipeline.predictor.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Back-pressure between Kafka and the batchers: once a poll is handed over and a model's
 * queue is full ({@code predictor.models.queue-capacity}), the request listener's
 * container is paused, so its consumers keep their partitions and stay in the group but
 * fetch nothing; it resumes when every queue has drained to half. Pausing skips nothing:
 * the records not yet fetched stay on Kafka, and offsets are still committed only after a
 * poll's results are published.
 */
@Component
class RequestIntake {

	private static final Logger logger = LoggerFactory.getLogger(RequestIntake.class);

	private final InferenceService inference;

	private final KafkaListenerEndpointRegistry listeners;

	private final Counter pauses;

	private boolean paused;

	RequestIntake(InferenceService inference, KafkaListenerEndpointRegistry listeners, MeterRegistry registry) {
		this.inference = inference;
		this.listeners = listeners;
		this.pauses = Counter.builder("predictor.consumer.pauses")
			.description("Times the request listener stopped taking polls because a model's queue was full")
			.register(registry);
		inference.onQueueRoom(this::resumeIfDrained);
	}

	/**
	 * After a poll was handed to the batchers: stops taking more while a queue is full.
	 */
	synchronized void pauseIfFull() {
		if (!this.paused && this.inference.queuesFull()) {
			this.paused = true;
			this.pauses.increment();
			logger.debug("A model's queue is full; the request listener pauses until it has drained");
			container().pause();
		}
	}

	/**
	 * Called whenever a queue has drained to half; under the same lock as
	 * {@link #pauseIfFull}, so a queue that drained while the listener paused resumes it.
	 */
	private synchronized void resumeIfDrained() {
		if (this.paused && this.inference.queuesHaveRoom()) {
			this.paused = false;
			logger.debug("The models' queues have drained; the request listener resumes");
			container().resume();
		}
	}

	private MessageListenerContainer container() {
		MessageListenerContainer container = this.listeners.getListenerContainer(InferenceRequestListener.ID);
		if (container == null) {
			throw new IllegalStateException("No listener container " + InferenceRequestListener.ID);
		}
		return container;
	}

}
