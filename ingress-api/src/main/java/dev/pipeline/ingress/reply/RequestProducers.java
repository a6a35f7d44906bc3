package dev.pipeline.ingress.reply;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Producers for requests the API answers 200/202 only once Kafka made them durable (and
 * for the admin's traffic splits, answered the same way). Built from Boot's
 * {@code spring.kafka.*} settings, with {@code acks=all} and idempotence forced on: they
 * are the delivery guarantee of DESIGN.md, not a tuning knob. Deliberately not
 * {@code ProducerFactory} beans, so Boot's own (used by other features) stays in place.
 */
public final class RequestProducers {

	private RequestProducers() {
	}

	/**
	 * A producer factory for requests keyed by their id.
	 * @param sendTimeout how long a caller waits for Kafka's acknowledgement: every
	 * blocking step of the producer is bounded by it, so a Kafka outage turns into a
	 * prompt 503, not a hung request thread (unless {@code spring.kafka.producer.*} sets
	 * them)
	 */
	public static <V> DefaultKafkaProducerFactory<String, V> durable(KafkaProperties kafka, Serializer<V> values,
			Duration sendTimeout) {
		Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		int timeoutMs = (int) sendTimeout.toMillis();
		config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs / 2);
		config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
		config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), values);
	}

}
