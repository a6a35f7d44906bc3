package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Topics;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or careless direct producer can write to {@code inference.requests}:
 * requests over the limits, results too large for Kafka, identifiers and characters the
 * rest of the pipeline cannot store, reply headers that point elsewhere. Each is answered
 * or dead-lettered once, and the request behind it on the same partition is answered
 * within {@link #PROMPTLY}, far less than the minutes a retried poll used to hold a
 * partition.
 */
class HostileRequestIntegrationTests extends WorkerIntegrationTest {

	private static final Duration PROMPTLY = Duration.ofSeconds(30);

	/** The aggregator's internal topic, created here as the aggregator does at start. */
	private static final String METRICS_WINDOWS = "metrics.windows";

	@BeforeAll
	static void createTheAggregatorsInternalTopic() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafkaBootstrapServers()))) {
			if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(METRICS_WINDOWS)) {
				admin.createTopics(List.of(new NewTopic(METRICS_WINDOWS, SharedTestServers.TEST_PARTITIONS, (short) 1)
					.configs(Map.of("cleanup.policy", "compact")))).all().get(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void shouldFailASeriesOverTheLimitAndAnswerTheNextRequestPromptly() throws Exception {
		String id = newId();
		String next = newId();
		// 60,000 points: a 120 KB request whose result would be over 1 MiB.
		send(id, kalman(id, series(60_000)));
		send(id, kalman(next, series(3)));

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id, PROMPTLY);

		assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
		assertThat(result.error().code()).isEqualTo("INVALID_INPUT");
		assertThat(result.error().message()).contains("inputs[0]", "10000 points");
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), next, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
	}

	@Test
	void shouldFailAResultTooLargeToPublishAndAnswerTheNextRequestPromptly() throws Exception {
		String id = newId();
		String next = newId();
		// Within the request limits, but ~19 bytes of JSON per filtered point are more
		// than the
		// test's producer takes in one record (MAX_REQUEST_SIZE).
		send(id, kalman(id, series(10_000) + "," + series(10_000)));
		send(id, kalman(next, series(3)));

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id, PROMPTLY);

		assertThat(result.status()).isEqualTo(ResultStatus.FAILED);
		assertThat(result.error().code()).isEqualTo("RESULT_TOO_LARGE");
		assertThat(result.outputs()).isNull();
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), next, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
	}

	@Test
	void shouldDeadLetterARequestWhoseIdCannotBeStoredWithTheReason() throws Exception {
		String key = newId();
		String next = newId();
		send(key, kalman("x".repeat(200), series(3)));
		send(key, kalman(next, series(3)));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.INFERENCE_REQUESTS_DLQ.name(), key, PROMPTLY);

		assertThat(reason(deadLetter)).contains("id", "128 characters");
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), next, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(recordsNow(Topics.INFERENCE_RESULTS.name(), "x".repeat(200))).isEmpty();
	}

	@Test
	void shouldFailNulCharactersOnceWithoutEchoingThem() throws Exception {
		String inModel = newId();
		String inText = newId();
		RecordMetadata first = send(inModel,
				"{\"id\":\"" + inModel + "\",\"model\":\"sentiment\\u0000\",\"inputs\":[\"fine\"]}");
		RecordMetadata second = send(inText,
				"{\"id\":\"" + inText + "\",\"model\":\"sentiment\",\"inputs\":[\"fi\\u0000ne\"]}");

		InferenceResult badModel = awaitResult(Topics.INFERENCE_RESULTS.name(), inModel, PROMPTLY);
		InferenceResult badText = awaitResult(Topics.INFERENCE_RESULTS.name(), inText, PROMPTLY);
		awaitHandled(first, PROMPTLY);
		awaitHandled(second, PROMPTLY);

		assertThat(badModel.status()).isEqualTo(ResultStatus.FAILED);
		assertThat(badModel.error().code()).isEqualTo("INVALID_REQUEST");
		assertThat(badModel.error().message()).contains("model");
		assertThat(badModel.model()).doesNotContain("\u0000");
		assertThat(badText.status()).isEqualTo(ResultStatus.FAILED);
		assertThat(badText.error().code()).isEqualTo("INVALID_INPUT");
		assertThat(badText.error().message()).contains("inputs[0]", "NUL");
		assertThat(recordsNow(Topics.INFERENCE_RESULTS.name(), inModel)).hasSize(1);
	}

	@Test
	void shouldNeverReplyToAnInternalTopic() throws Exception {
		String id = newId();
		ProducerRecord<String, byte[]> request = request(id, kalman(id, series(3)));
		request.headers().add(PipelineHeaders.REPLY_TOPIC, METRICS_WINDOWS.getBytes(StandardCharsets.UTF_8));
		RecordMetadata sent = send(request);

		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), id, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
		awaitHandled(sent, PROMPTLY);

		assertThat(recordsNow(METRICS_WINDOWS, id)).isEmpty();
	}

	@Test
	void shouldNotReplyToAPartitionOutOfRangeAndAnswerTheNextRequestPromptly() throws Exception {
		String id = newId();
		String next = newId();
		ProducerRecord<String, byte[]> request = request(id, kalman(id, series(3)));
		request.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.INFERENCE_REPLIES.name().getBytes(StandardCharsets.UTF_8));
		request.headers().add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(999).array());
		RecordMetadata sent = send(request);
		send(id, kalman(next, series(3)));

		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), id, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), next, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
		awaitHandled(sent, PROMPTLY);

		assertThat(recordsNow(Topics.INFERENCE_REPLIES.name(), id)).isEmpty();
	}

	@Test
	void shouldNotReplyWithAnOversizedCorrelationId() throws Exception {
		String id = newId();
		ProducerRecord<String, byte[]> request = request(id, kalman(id, series(3)));
		request.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.INFERENCE_REPLIES.name().getBytes(StandardCharsets.UTF_8));
		request.headers().add(PipelineHeaders.CORRELATION_ID, new byte[100_000]);
		RecordMetadata sent = send(request);

		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), id, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
		awaitHandled(sent, PROMPTLY);

		assertThat(recordsNow(Topics.INFERENCE_REPLIES.name(), id)).isEmpty();
	}

	@Test
	void shouldDeadLetterAnUnreadableRecordTooLargeToCopyAndAnswerTheNextRequestPromptly() throws Exception {
		String key = newId();
		String next = newId();
		// Accepted by the broker, but with the dead-letter headers over what the worker
		// may write.
		byte[] garbage = new byte[MAX_REQUEST_SIZE - 100];
		Arrays.fill(garbage, (byte) 'x');
		send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), key, garbage));
		send(key, kalman(next, series(3)));

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.INFERENCE_REQUESTS_DLQ.name(), key, PROMPTLY);

		assertThat(reason(deadLetter)).contains("Not valid JSON", "too large to copy");
		assertThat(deadLetter.value()).isNull();
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), next, PROMPTLY).status())
			.isEqualTo(ResultStatus.SUCCEEDED);
	}

	private static InferenceResult awaitResult(String topic, String id, Duration atMost) {
		return read(awaitRecord(topic, id, atMost));
	}

	private static ProducerRecord<String, byte[]> request(String key, String json) {
		return new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), key, json.getBytes(StandardCharsets.UTF_8));
	}

	private static String kalman(String id, String series) {
		return "{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[" + series + "]}";
	}

	private static String series(int points) {
		return IntStream.range(0, points)
			.mapToObj(i -> String.valueOf(i % 10))
			.collect(Collectors.joining(",", "[", "]"));
	}

	private static String reason(ConsumerRecord<String, byte[]> deadLetter) {
		return new String(deadLetter.headers().lastHeader(PipelineHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8);
	}

}
