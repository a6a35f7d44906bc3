package dev.pipeline.ingress.canary;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pipeline.contracts.ModelTraffic;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.TestWorker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin's traffic split of a model between its versions: checked against the
 * catalogue, written to the compacted traffic topic the workers read (the worker's side
 * is its {@code ModelVersionsIntegrationTests}), shown back, and removed with a
 * tombstone.
 */
class TrafficControllerTests extends PredictionPathTest {

	private static final String TRAFFIC = "/v1/admin/models/" + TestWorker.VERSIONED + "/traffic";

	@Test
	void shouldWriteTheSplitWhereTheWorkersReadItShowItAndRemoveIt() {
		Http admin = admin();

		HttpResponse<String> set = admin.putJson(TRAFFIC, "{\"weights\": {\"1\": 90, \"2\": 10}, \"shadow\": \"2\"}");

		assertThat(set.statusCode()).isEqualTo(200);
		assertThat(Http.json(set).path("weights").toString()).isEqualTo("{\"1\":90,\"2\":10}");
		ModelTraffic written = PipelineJson.mapper()
			.readValue(awaitLast(TestWorker.VERSIONED, true), ModelTraffic.class);
		assertThat(written.weights()).isEqualTo(Map.of("1", 90, "2", 10));
		assertThat(written.shadow()).isEqualTo("2");
		JsonNode shown = Http.json(admin.get(TRAFFIC));
		assertThat(shown.path("weights").path("2").asInt()).isEqualTo(10);
		assertThat(shown.path("shadow").asString()).isEqualTo("2");
		JsonNode model = Http.json(this.http.get("/v1/models"))
			.path("models")
			.findParents("name")
			.stream()
			.filter(each -> each.path("name").asString().equals(TestWorker.VERSIONED))
			.findFirst()
			.orElseThrow();
		assertThat(model.path("traffic").path("weights").path("1").asInt()).isEqualTo(90);

		assertThat(admin.delete(TRAFFIC).statusCode()).isEqualTo(204);

		assertThat(awaitLast(TestWorker.VERSIONED, false)).isNull();
		HttpResponse<String> gone = admin.get(TRAFFIC);
		assertThat(gone.statusCode()).isEqualTo(404);
		assertThat(Http.json(gone).path("type").asString()).endsWith("no-traffic-split");
	}

	@Test
	void shouldRefuseAnInvalidSplitWithEveryProblem() {
		Map<String, String> invalid = Map.of("{\"weights\": {\"1\": 90, \"2\": 20}}", "weights",
				"{\"weights\": {\"1\": 110, \"2\": -10}}", "weights.1", "{\"weights\": {\"1\": 50, \"3\": 50}}",
				"weights.3", "{\"weights\": {\"1\": 100}, \"shadow\": \"9\"}", "shadow",
				"{\"weights\": {\"1\": 99.5, \"2\": 0.5}}", "weights.1", "{\"shadow\": \"2\"}", "weights",
				"{\"weights\": {}}", "weights");
		invalid.forEach((body, field) -> {
			HttpResponse<String> response = admin().putJson(TRAFFIC, body);

			assertThat(response.statusCode()).as(body).isEqualTo(422);
			assertThat(Http.json(response).path("errors").findValuesAsString("field")).as(body).contains(field);
		});
		assertThat(
				admin().putJson("/v1/admin/models/no-such-model/traffic", "{\"weights\": {\"1\": 100}}").statusCode())
			.isEqualTo(404);
	}

	@Test
	void shouldLetOnlyTheAdminSetOrReadASplit() {
		String body = "{\"weights\": {\"1\": 100}}";

		assertThat(this.http.putJson(TRAFFIC, body).statusCode()).as("an API key").isEqualTo(403);
		assertThat(this.http.get(TRAFFIC).statusCode()).as("an API key").isEqualTo(403);
		assertThat(new Http(this.port).putJson(TRAFFIC, body).statusCode()).as("no credential").isEqualTo(401);
	}

	private Http admin() {
		return new Http(this.port, "X-Admin-Token", ADMIN_TOKEN);
	}

	/**
	 * The value of the last record for this model on the traffic topic, once there is one
	 * (a split when {@code present}, else a tombstone).
	 */
	private static String awaitLast(String model, boolean present) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			String topic = Topics.INFERENCE_MODEL_TRAFFIC.name();
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map(info -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, String>> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(record -> {
					if (model.equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty() && (found.get(found.size() - 1).value() != null) == present;
			});
			return found.get(found.size() - 1).value();
		}
	}

}
