package dev.pipeline.ingress.prediction;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestWorker;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.servers.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingress instance with {@code pipeline.topics.prefix} set reads the model catalogue
 * and writes requests on the topics behind the prefix, and none of the others.
 */
class TopicPrefixTests extends IngressIntegrationTest {

	private static final String PREFIX = "ingress-prefix.";

	static ConfigurableApplicationContext instance;

	@BeforeAll
	static void startInstance() {
		TopicProvisioner.ensureTopics(servers.kafkaBootstrapServers(), new TopicNames(PREFIX), 3, 1);
		// Announces sentiment on the unprefixed catalogue.
		TestWorker.get();
		instance = startAnotherInstance(Map.of("pipeline.topics.prefix", PREFIX));
	}

	@AfterAll
	static void stopInstance() {
		instance.close();
	}

	@Test
	void shouldReadTheCatalogueAndWriteRequestsBehindThePrefix() throws Exception {
		RestClient client = clientOf(instance, createAccount(1000, 6000).apiKey());
		assertThat(submit(client, "sentiment").status()).as("a model of the unprefixed catalogue").isEqualTo(404);

		String model = "prefixed-" + UUID.randomUUID();
		announce(model);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> instance.getBean(ModelCatalog.class).find(model).isPresent());
		Reply accepted = submit(client, model);

		assertThat(accepted.status()).isEqualTo(202);
		String id = (String) accepted.json().get("id");
		assertThat(awaitKey(PREFIX + Topics.INFERENCE_REQUESTS.name(), id)).contains("\"model\":\"" + model + "\"");
	}

	private static Reply submit(RestClient client, String model) {
		return send(client.post()
			.uri("/v1/models/{model}/jobs", model)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"inputs\": [\"great value\"]}"));
	}

	private static void announce(String model) throws Exception {
		ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.SCHEMA_VERSION, model, "1",
				ModelDescriptor.TEXT, "topic prefix test", 8, true, Instant.now());
		try (KafkaProducer<String, ModelDescriptor> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
				Topics.INFERENCE_MODELS.keySerde().serializer(), Topics.INFERENCE_MODELS.valueSerde().serializer())) {
			producer.send(new ProducerRecord<>(PREFIX + Topics.INFERENCE_MODELS.name(), model, descriptor))
				.get(10, TimeUnit.SECONDS);
		}
	}

	/** Reads the topic from the beginning until a record with this key shows up. */
	private static String awaitKey(String topic, String key) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
				new StringDeserializer(), new StringDeserializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<String> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> {
					if (key.equals(record.key())) {
						found.add(record.value());
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

}
