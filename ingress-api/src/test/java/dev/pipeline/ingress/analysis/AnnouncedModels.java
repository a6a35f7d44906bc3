package dev.pipeline.ingress.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import static org.awaitility.Awaitility.await;

/**
 * Announces models on the catalogue topic as a predictor worker would, so the analysis
 * routes, which analyse only served models, accept them; each name is new, so no test
 * shares a cached report with another.
 */
final class AnnouncedModels {

	private AnnouncedModels() {
	}

	/**
	 * Announces {@code prefix} plus a random suffix and waits until {@code catalog} knows
	 * it.
	 */
	static String announce(String prefix, ModelCatalog catalog) {
		String name = prefix + UUID.randomUUID();
		ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.SCHEMA_VERSION, name, "1",
				ModelDescriptor.TEXT, "analysis test", 8, true, Instant.now());
		try (KafkaProducer<String, ModelDescriptor> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestServers.get().kafkaBootstrapServers()),
				Topics.INFERENCE_MODELS.keySerde().serializer(), Topics.INFERENCE_MODELS.valueSerde().serializer())) {
			producer.send(new ProducerRecord<>(Topics.INFERENCE_MODELS.name(), name, descriptor)).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> catalog.find(name).isPresent());
		return name;
	}

}
