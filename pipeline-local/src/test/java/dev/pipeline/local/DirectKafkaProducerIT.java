package dev.pipeline.local;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked example of docs/kafka-contract.md, run for real: a service that speaks only
 * Kafka (plain kafka-clients, strings, no project classes) writes a minimal
 * InferenceRequest and reads its InferenceResult by key.
 */
class DirectKafkaProducerIT {

	private final RunningPipeline pipeline = RunningPipeline.get();

	@Test
	void shouldAnswerAMinimalRequestFromAPlainKafkaProducer() throws Exception {
		String bootstrap = this.pipeline.servers().kafkaBootstrapServers();
		String id = "direct-" + UUID.randomUUID();

		Properties consumerProps = new Properties();
		consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "direct-example-" + id);
		consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
				new StringDeserializer())) {
			// Assigned, and each partition's position fixed, before the request is sent.
			TopicFromNow.subscribe(consumer, "inference.results");

			Properties producerProps = new Properties();
			producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
			producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
					new StringSerializer())) {
				String request = """
						{"id": "%s", "model": "sentiment", "inputs": ["An absolutely wonderful film."]}
						""".formatted(id);
				producer.send(new ProducerRecord<>("inference.requests", id, request)).get();
			}

			JsonNode result = awaitResult(consumer, id, Duration.ofSeconds(60));
			assertThat(result.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(result.get("model").asString()).isEqualTo("sentiment");
			assertThat(result.get("outputs").get(0).get("label").asString()).isEqualTo("positive");
		}
	}

	private static JsonNode awaitResult(KafkaConsumer<String, String> consumer, String id, Duration timeout) {
		long until = System.nanoTime() + timeout.toNanos();
		JsonMapper json = JsonMapper.builder().build();
		while (System.nanoTime() < until) {
			for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(250))) {
				if (id.equals(record.key())) {
					return json.readTree(record.value());
				}
			}
		}
		throw new AssertionError("No result for " + id + " within " + timeout);
	}

}
