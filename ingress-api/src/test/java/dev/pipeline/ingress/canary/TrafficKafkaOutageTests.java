package dev.pipeline.ingress.canary;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.servers.KafkaBroker;
import dev.pipeline.servers.TopicProvisioner;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.pipeline.ingress.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A traffic split set while Kafka is down is refused promptly with 503
 * {@code kafka-unavailable} and {@code Retry-After}, as every write Kafka did not take,
 * rather than holding the admin's request for the minute a producer waits for a topic's
 * metadata by default. The instance runs on a Kafka broker of its own, stopped for the
 * test, so the shared broker keeps serving the other tests of the JVM.
 */
class TrafficKafkaOutageTests extends IngressIntegrationTest {

	/**
	 * The request must be answered within this bound: well above the instance's send
	 * timeout, well below the producer's default 60 s wait for metadata.
	 */
	private static final Duration ANSWER_BOUND = Duration.ofSeconds(25);

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@TempDir
	static Path logDir;

	static KafkaBroker kafka;

	static ConfigurableApplicationContext instance;

	@BeforeAll
	static void startInstanceOnABrokerOfItsOwn() throws Exception {
		kafka = KafkaBroker.start(logDir, 0, 0, 1);
		TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 1);
		announceSentiment(kafka.bootstrapServers());
		instance = startAnotherInstance(Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
				"ingress.prediction.send-timeout", "3s"));
	}

	@AfterAll
	static void stopInstance() {
		if (instance != null) {
			instance.close();
		}
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void shouldAnswer503WithRetryAfterWhenKafkaIsDown() throws Exception {
		// The model is in the instance's catalogue, and has no split yet.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> json(send("GET", null)).path("type").asString(),
					(type) -> type.equals("urn:pipeline:problem:no-traffic-split"));
		kafka.close();

		HttpResponse<String> reply = send("PUT", "{\"weights\": {\"1\": 100}}");

		assertThat(reply.statusCode()).as(reply.body()).isEqualTo(503);
		assertThat(reply.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(reply.headers().firstValue("Retry-After"))
			.hasValueSatisfying((seconds) -> assertThat(Integer.parseInt(seconds)).isPositive());
		JsonNode problem = json(reply);
		assertThat(problem.path("type").asString()).isEqualTo("urn:pipeline:problem:kafka-unavailable");
		assertThat(problem.path("status").asInt()).isEqualTo(503);
	}

	private static HttpResponse<String> send(String method, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + portOf(instance) + "/v1/admin/models/sentiment/traffic"))
			.timeout(ANSWER_BOUND)
			.header("X-Admin-Token", ADMIN_TOKEN)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Stands in for the worker: announces a served sentiment model of one version. */
	private static void announceSentiment(String bootstrapServers) throws Exception {
		ModelDescriptor sentiment = new ModelDescriptor(1, "sentiment", "1", ModelDescriptor.TEXT, "test sentiment", 8,
				true, Instant.now());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
				new ByteArraySerializer())) {
			producer
				.send(new ProducerRecord<>(Topics.INFERENCE_MODELS.name(), sentiment.name(),
						Topics.INFERENCE_MODELS.valueSerde().serializer().serialize(null, sentiment)))
				.get();
		}
	}

}
