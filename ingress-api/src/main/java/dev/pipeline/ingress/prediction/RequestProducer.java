package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.reply.RequestProducers;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Puts inference requests on Kafka and waits for the acknowledgement, because the API
 * answers 200/202 only for requests Kafka has made durable
 * ({@link RequestProducers#durable}). Its producer also carries the synchronous requests
 * of {@link ReplyRouter}.
 */
@Component
public class RequestProducer implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, InferenceRequest> producerFactory;

	private final KafkaTemplate<String, InferenceRequest> template;

	private final String topic;

	private final Duration sendTimeout;

	RequestProducer(KafkaProperties kafkaProperties, PredictionProperties properties) {
		this.producerFactory = RequestProducers.durable(kafkaProperties,
				Topics.INFERENCE_REQUESTS.valueSerde().serializer(), properties.sendTimeout());
		this.template = new KafkaTemplate<>(this.producerFactory);
		this.topic = properties.requestsTopic();
		this.sendTimeout = properties.sendTimeout();
	}

	/**
	 * Produces the request keyed by its id and returns once Kafka acknowledged it.
	 * @throws KafkaUnavailableException when Kafka did not acknowledge it in time
	 */
	public void publish(InferenceRequest request) {
		try {
			this.template.send(new ProducerRecord<>(this.topic, request.id(), request))
				.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException(ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new KafkaUnavailableException(ex);
		}
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
