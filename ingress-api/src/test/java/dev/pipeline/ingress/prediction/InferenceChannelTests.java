package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.kafka.support.KafkaHeaders;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.TestWorker.Received;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.servers.SharedTestServers;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.pipeline.ingress.reply.ReplyChannel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ingress instances in one JVM, sharing the reply topic's consumer group: each must
 * get the replies of its own requests, routed to a partition it owns, and never the
 * other's. An instance that owns no reply partition at the moment (a rebalance) hands
 * back a job instead.
 */
@ExtendWith(OutputCaptureExtension.class)
class InferenceChannelTests extends PredictionPathTest {

	@Autowired
	InferenceChannel firstChannel;

	@Test
	void shouldSendTheRequestInTheTraceOfItsHttpCall(CapturedOutput output) {
		Logger channelLog = (Logger) LoggerFactory.getLogger(ReplyChannel.class);
		Level before = channelLog.getLevel();
		channelLog.setLevel(Level.DEBUG);
		try {
			String traceId = UUID.randomUUID().toString().replace("-", "");

			HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"good, and traced\"]}", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01",
					"Prefer", "wait=10");

			assertThat(response.statusCode()).isEqualTo(200);
			String id = Http.json(response).path("id").asString();
			String traceparent = worker.received(id).traceparent();
			assertThat(traceparent).as("the request's trace context on Kafka").isNotNull();
			String[] parts = traceparent.split("-");
			assertThat(parts[1]).isEqualTo(traceId);
			assertThat(parts[2]).as("the ingress's own span").isNotEqualTo("00f067aa0ba902b7");
			assertThat(output.getOut()).containsPattern(
					"\\[" + traceId + "-[0-9a-f]{16}-" + id + "\\].*Request " + id + " sent to inference.requests");
		}
		finally {
			channelLog.setLevel(before);
		}
	}

	@Test
	void shouldRouteEachInstancesRepliesToItsOwnPartitionsAndKeepThemWhenAnotherComesOrGoes() {
		long givenUpBefore = this.firstChannel.replyPartitionsGivenUp();
		long givenUpWhileShared;
		try (ConfigurableApplicationContext second = startAnotherInstance(Map.of())) {
			InferenceChannel secondChannel = second.getBean(InferenceChannel.class);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
				Set<Integer> union = new HashSet<>(this.firstChannel.assignedReplyPartitions());
				union.addAll(secondChannel.assignedReplyPartitions());
				return !this.firstChannel.assignedReplyPartitions().isEmpty()
						&& !secondChannel.assignedReplyPartitions().isEmpty()
						&& union.size() == SharedTestServers.TEST_PARTITIONS;
			});
			List<Integer> firstOwns = this.firstChannel.assignedReplyPartitions();
			List<Integer> secondOwns = secondChannel.assignedReplyPartitions();
			assertThat(firstOwns).doesNotContainAnyElementsOf(secondOwns);
			// Incremental rebalancing: the first instance gave up only what the second
			// took, and kept the rest throughout (the eager protocol revokes them all).
			givenUpWhileShared = this.firstChannel.replyPartitionsGivenUp();
			assertThat(givenUpWhileShared - givenUpBefore).isEqualTo(secondOwns.size());
			// Accounts live in the shared PostgreSQL, so the second instance knows this
			// class's key.
			Http secondHttp = Http.withApiKey(portOf(second), this.account.apiKey());
			await().atMost(Duration.ofSeconds(30))
				.until(() -> second.getBean(ModelCatalog.class).find("sentiment").isPresent());

			List<String> viaFirst = predictSeveral(this.http, "first");
			List<String> viaSecond = predictSeveral(secondHttp, "second");

			viaFirst.forEach(id -> assertThat(worker.received(id).replyPartition()).isIn(firstOwns));
			viaSecond.forEach(id -> assertThat(worker.received(id).replyPartition()).isIn(secondOwns));
		}
		// Back to one instance: it owns every reply partition again, so later tests are
		// unaffected.
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.firstChannel.assignedReplyPartitions().size() == SharedTestServers.TEST_PARTITIONS);
		// ... and took the second's back without giving up its own on the way, so its
		// callers never lost a reply to the other instance's departure.
		assertThat(this.firstChannel.replyPartitionsGivenUp()).isEqualTo(givenUpWhileShared);
	}

	@Test
	void shouldHandBackAJobWhileThisInstanceOwnsNoReplyPartition() {
		// What a rebalance looks like from here: the reply consumer holds no partition,
		// so no
		// reply could reach this instance.
		this.firstChannel.stop();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> this.firstChannel.assignedReplyPartitions().isEmpty());
			String clientId = "unroutable-" + UUID.randomUUID();
			Instant before = Instant.now();

			HttpResponse<String> response = this.http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"good, in the middle of a rebalance\"]}", "X-Request-Id", clientId, "Prefer",
					"wait=10");

			assertThat(response.statusCode()).isEqualTo(202);
			JsonNode ticket = Http.json(response);
			String id = ticket.path("id").asString();
			assertThat(ticket.path("status").asString()).isEqualTo("QUEUED");
			assertThat(response.headers().firstValue("Location")).hasValue("/v1/jobs/" + id);
			// Sent as a plain job: no reply partition for a worker to answer on.
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.received(id) != null);
			assertThat(worker.received(id).replyPartition()).isNull();
			JsonNode queued = Http.json(this.http.get("/v1/jobs/" + id));
			assertThat(queued.path("status").asString()).isEqualTo("QUEUED");
			assertThat(queued.path("requestId").asString()).isEqualTo(clientId);

			// The worker's result reaches the job through inference.results, as for any
			// job.
			storeResult(id, "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", before, Instant.now(),
					this.account.id());
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode job = Http.json(this.http.get("/v1/jobs/" + id));
				assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
				assertThat(job.path("result").path("outputs").get(0).path("label").asString()).isEqualTo("positive");
			});
		}
		finally {
			this.firstChannel.start();
		}
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.firstChannel.assignedReplyPartitions().size() == SharedTestServers.TEST_PARTITIONS);
	}

	/**
	 * Anyone who can write to Kafka can write to the reply topic: records that are not
	 * replies (no correlation id, one that matches no call, not JSON, empty, huge) land
	 * on every partition this instance reads, and its callers still get their answers.
	 */
	@Test
	void shouldKeepAnsweringAfterHostileRecordsOnTheReplyTopic(CapturedOutput output) throws Exception {
		long uncorrelatedBefore = this.firstChannel.uncorrelatedReplies();
		List<Integer> partitions = this.firstChannel.assignedReplyPartitions();
		byte[] huge = new byte[512 * 1024];
		Arrays.fill(huge, (byte) '{');
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedTestServers.get().kafkaBootstrapServers(),
						ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			for (int partition : partitions) {
				List<ProducerRecord<byte[], byte[]>> hostile = List.of(
						hostile(partition, null, "not json".getBytes(StandardCharsets.UTF_8)),
						hostile(partition, null, null), hostile(partition, new byte[0], huge),
						hostile(partition, null, "{\"id\": 42}".getBytes(StandardCharsets.UTF_8),
								new RecordHeader(KafkaHeaders.CORRELATION_ID, new byte[] { 1, 2, 3 })),
						hostile(partition, null, "[]".getBytes(StandardCharsets.UTF_8),
								new RecordHeader(KafkaHeaders.CORRELATION_ID,
										UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))));
				for (ProducerRecord<byte[], byte[]> record : hostile) {
					producer.send(record).get();
				}
			}
		}

		// One call per partition, round robin: each lands behind the hostile records.
		predictSeveral(this.http, "after hostile replies");

		// The three without a correlation id on each partition are counted and ignored;
		// not one ERROR line each, which a producer looping over the topic would turn
		// into a flood.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.firstChannel.uncorrelatedReplies() - uncorrelatedBefore)
				.isEqualTo(3L * partitions.size()));
		assertThat(output.getOut()).doesNotContain("No correlationId found in reply");
	}

	private static ProducerRecord<byte[], byte[]> hostile(int partition, byte @Nullable [] key, byte @Nullable [] value,
			Header... headers) {
		return new ProducerRecord<>(Topics.INFERENCE_REPLIES.name(), partition, key, value, List.of(headers));
	}

	private static List<String> predictSeveral(Http http, String prefix) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = http.postJson("/v1/models/sentiment/predict",
					"{\"inputs\": [\"" + prefix + " good " + i + "\"]}", "Prefer", "wait=10");
			assertThat(response.statusCode()).isEqualTo(200);
			String id = Http.json(response).path("id").asString();
			Received received = worker.received(id);
			assertThat(received).isNotNull();
			ids.add(id);
		}
		return ids;
	}

}
