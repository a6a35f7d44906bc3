package dev.pipeline.ingress.canary;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.reply.RequestProducers;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a model's split to the compacted {@code inference.model-traffic}, keyed by
 * model, and returns once Kafka acknowledged it. On a producer of the requests'
 * ({@link RequestProducers#durable}), whose every blocking step is bounded by
 * {@code ingress.prediction.send-timeout}: Boot's template waited up to a minute for the
 * topic's metadata while Kafka was down, holding the admin's request all along; now an
 * outage is a prompt 503 {@code kafka-unavailable} with {@code Retry-After}.
 */
@Component
class TrafficWriter implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, String> producers;

	private final KafkaTemplate<String, String> template;

	private final String topic;

	private final Duration sendTimeout;

	TrafficWriter(KafkaProperties kafka, TopicNames names, PredictionProperties properties) {
		this.sendTimeout = properties.sendTimeout();
		this.producers = RequestProducers.durable(kafka, new StringSerializer(), this.sendTimeout);
		this.template = new KafkaTemplate<>(this.producers);
		this.topic = names.of(Topics.INFERENCE_MODEL_TRAFFIC);
	}

	/**
	 * Writes the model's record, a tombstone for {@code null}; returns once acknowledged.
	 * @throws KafkaUnavailableException when Kafka did not acknowledge it in time
	 */
	void write(String model, @Nullable String split) {
		try {
			this.template.send(this.topic, model, split).get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException(ex);
		}
		catch (ExecutionException ex) {
			throw new KafkaUnavailableException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new KafkaUnavailableException(ex);
		}
	}

	/** Closes the producer when the context closes. */
	@Override
	public void destroy() {
		this.producers.destroy();
	}

}
