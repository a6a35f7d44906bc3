package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.system.ApiProblem;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts inference requests on Kafka and waits for the acknowledgement, because the API
 * answers 200/202 only for requests Kafka has made durable. The producer is built from
 * Boot's {@code spring.kafka.*} settings, with {@code acks=all} and idempotence forced
 * on: they are the delivery guarantee of DESIGN.md, not a tuning knob. It is deliberately
 * not a {@code ProducerFactory}/{@code KafkaTemplate} bean, so Boot's own (used by other
 * features) stays in place.
 */
@Component
public class RequestProducer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RequestProducer.class);

	private final DefaultKafkaProducerFactory<String, InferenceRequest> producerFactory;

	private final KafkaTemplate<String, InferenceRequest> template;

	private final String topic;

	private final Duration sendTimeout;

	RequestProducer(KafkaProperties kafkaProperties, PredictionProperties properties) {
		Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		// Bound every blocking step so a Kafka outage turns into a prompt 503, not a hung
		// thread.
		int timeoutMs = (int) properties.sendTimeout().toMillis();
		config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2);
		config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
		config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		this.producerFactory = new DefaultKafkaProducerFactory<>(config,
				Topics.INFERENCE_REQUESTS.keySerde().serializer(), Topics.INFERENCE_REQUESTS.valueSerde().serializer());
		this.template = new KafkaTemplate<>(this.producerFactory);
		this.topic = properties.requestsTopic();
		this.sendTimeout = properties.sendTimeout();
	}

	/**
	 * Produces the request keyed by its id and returns once Kafka acknowledged it.
	 * @throws ApiProblem 503 with {@code Retry-After} when Kafka did not acknowledge in
	 * time
	 */
	public void publish(InferenceRequest request) {
		try {
			this.template.send(new ProducerRecord<>(this.topic, request.id(), request))
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw kafkaUnavailable(ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw kafkaUnavailable(ex);
		}
	}

	static ApiProblem kafkaUnavailable(Throwable cause) {
		log.warn("Kafka did not accept a request: {}", cause.toString());
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Queue unavailable",
				"The request could not be queued because Kafka is unavailable; nothing was accepted or charged.")
			.header(HttpHeaders.RETRY_AFTER, "5");
	}

	ProducerFactory<String, InferenceRequest> producerFactory() {
		return this.producerFactory;
	}

	String topic() {
		return this.topic;
	}

	@Override
	public void destroy() {
		this.producerFactory.destroy();
	}

}
