package dev.pipeline.ingress.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.PredictionPathTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalogue as each ingress instance reads it from the compacted topic: all of it,
 * loaded before the instance serves, without leaving offsets behind on the broker.
 */
class ModelCatalogTests extends PredictionPathTest {

	@Test
	void shouldHaveReadEveryAnnouncedModelBeforeAnotherInstanceServes() {
		// The reply router need not wait for its partitions, so only the catalogue holds
		// the start.
		try (ConfigurableApplicationContext second = startAnotherInstance(
				Map.of("ingress.prediction.assignment-timeout", "1ms"))) {
			// No waiting: the context is up, so its web server serves, so the backlog is
			// read.
			ModelCatalog secondCatalog = second.getBean(ModelCatalog.class);

			assertThat(secondCatalog.find("sentiment")).isPresent();
			assertThat(secondCatalog.find("kalman")).isPresent();
			assertThat(secondCatalog.find("warming")).hasValueSatisfying(model -> assertThat(model.ready()).isFalse());
		}
	}

	@Test
	void shouldForgetAModelOnItsTombstone() throws Exception {
		String name = "retired-" + UUID.randomUUID();
		ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.SCHEMA_VERSION, name, "1",
				ModelDescriptor.TEXT, "retired soon", 8, true, Instant.now());
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()),
				new StringSerializer(), new StringSerializer())) {
			producer
				.send(new ProducerRecord<>(Topics.INFERENCE_MODELS.name(), name,
						new String(Topics.INFERENCE_MODELS.valueSerde().serializer().serialize(null, descriptor))))
				.get();
			await().atMost(Duration.ofSeconds(15)).until(() -> this.catalog.find(name).isPresent());

			producer.send(new ProducerRecord<>(Topics.INFERENCE_MODELS.name(), name, null)).get();
		}

		await().atMost(Duration.ofSeconds(15)).until(() -> this.catalog.find(name).isEmpty());
		assertThat(this.catalog.all()).extracting(ModelDescriptor::name).doesNotContain(name);
	}

	@Test
	void shouldCommitNoOffsetsOfTheCatalogueTopic() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			Collection<GroupListing> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get();
			for (GroupListing group : groups) {
				assertThat(committedTopics(admin, group.groupId())).as("offsets committed by group %s", group.groupId())
					.doesNotContain(Topics.INFERENCE_MODELS.name());
			}
		}
	}

	private static List<String> committedTopics(Admin admin, String groupId)
			throws InterruptedException, ExecutionException {
		return admin.listConsumerGroupOffsets(groupId)
			.partitionsToOffsetAndMetadata()
			.get()
			.keySet()
			.stream()
			.map(TopicPartition::topic)
			.toList();
	}

}
