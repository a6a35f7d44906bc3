package dev.pipeline.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request, one trace, through the real services: the W3C {@code traceparent} a client
 * sends with a prediction is continued by the ingress into {@code inference.requests}, by
 * the predictor worker into the result on {@code inference.results} and the reply, and by
 * the aggregator's result sink; every service's log has a line with that trace id and the
 * request's id (docs/observability.md, Traces).
 */
class TracingIT {

	private final RunningPipeline pipeline = RunningPipeline.get();

	private final PipelineClient client = PipelineClient.forNewAccount(this.pipeline);

	@Test
	void shouldCarryOneTraceIdFromTheHttpRequestThroughKafkaIntoEveryServicesLog() {
		String traceId = randomHex(16);
		String bootstrap = this.pipeline.servers().kafkaBootstrapServers();
		try (KafkaConsumer<String, byte[]> requests = consumer(bootstrap, "inference.requests");
				KafkaConsumer<String, byte[]> results = consumer(bootstrap, "inference.results");
				KafkaConsumer<String, byte[]> replies = consumer(bootstrap, "inference.replies")) {
			PipelineClient.Response response = this.client.post("/v1/models/sentiment/predict", """
					{"inputs": ["A calm, pleasant and well made film."]}
					""", "traceparent", "00-" + traceId + "-" + randomHex(8) + "-01");

			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			String id = response.body().get("id").asString();
			assertThat(traceIdOf(awaitRecord(requests, id))).as("the request on Kafka").isEqualTo(traceId);
			assertThat(traceIdOf(awaitRecord(results, id))).as("its result").isEqualTo(traceId);
			assertThat(traceIdOf(awaitRecord(replies, id))).as("its reply").isEqualTo(traceId);
			for (Service service : List.of(Service.INGRESS_API, Service.PREDICTOR_WORKER, Service.METRICS_AGGREGATOR)) {
				Path log = this.pipeline.services().process(service).log();
				await().alias("a line of " + service + " with trace " + traceId + " and request " + id)
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> read(log).lines().anyMatch(line -> line.contains(traceId) && line.contains(id)));
			}
		}
	}

	private static String traceIdOf(ConsumerRecord<String, byte[]> record) {
		Header traceparent = record.headers().lastHeader("traceparent");
		assertThat(traceparent).as("traceparent on %s", record.topic()).isNotNull();
		return new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
	}

	private static String randomHex(int bytes) {
		byte[] random = new byte[bytes];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private static String read(Path log) {
		try {
			return Files.readString(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String topic) {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID());
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
				new ByteArrayDeserializer());
		TopicFromNow.subscribe(consumer, topic);
		return consumer;
	}

	private static ConsumerRecord<String, byte[]> awaitRecord(KafkaConsumer<String, byte[]> consumer, String key) {
		ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
		await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).until(() -> {
			for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
				if (key.equals(record.key())) {
					found[0] = record;
				}
			}
			return found[0] != null;
		});
		return found[0];
	}

}
