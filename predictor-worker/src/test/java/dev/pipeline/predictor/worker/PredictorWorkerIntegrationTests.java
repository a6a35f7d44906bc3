package dev.pipeline.predictor.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.ModelTensor;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The worker end to end on the happy path and for the everyday mistakes of a direct
 * producer (unknown models, invalid inputs, unparsable records).
 */
class PredictorWorkerIntegrationTests extends WorkerIntegrationTest {

	@Autowired
	@Qualifier("models")
	private HealthIndicator modelsHealth;

	@Test
	void shouldLabelClearlyPositiveAndNegativeSentences() throws Exception {
		String id = newId();
		send(id, """
				{"schemaVersion": 1, "id": "%s", "model": "sentiment", "modelVersion": null, "accountId": "acct-1",
				 "inputs": ["I love this phone, the battery lasts for days and it works great!",
				            "This was the worst film I have ever seen, a total waste of time."],
				 "parameters": {}, "submittedAt": "%s", "deadline": null}
				""".formatted(id, Instant.now()));

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(result.modelVersion()).isEqualTo("1");
		assertThat(result.accountId()).isEqualTo("acct-1");
		assertThat(result.outputs()).hasSize(2);
		assertThat(result.outputs().get(0).get("label").asString()).isEqualTo("positive");
		assertThat(result.outputs().get(1).get("label").asString()).isEqualTo("negative");
		assertThat(result.outputs().get(0).get("score").doubleValue()).isBetween(0.5, 1.0);
		assertThat(result.outputs().get(0).has("truncated")).isFalse();
		JsonNode probabilities = result.outputs().get(0).get("probabilities");
		assertThat(probabilities.size()).isEqualTo(2);
		assertThat(probabilities.get(1).doubleValue()).isEqualTo(result.outputs().get(0).get("score").doubleValue());
		assertThat(result.timings().batchSize()).isPositive();
	}

	@Test
	void shouldAnswerAMinimalRecordOfADirectProducer() throws Exception {
		String id = newId();
		send(id, "{\"id\":\"" + id
				+ "\",\"model\":\"sentiment\",\"inputs\":[\"Excellent value, highly recommended.\"]}");

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(result.outputs().get(0).get("label").asString()).isEqualTo("positive");
	}

	@Test
	void shouldFilterTimeSeriesWithTheKalmanModel() throws Exception {
		String id = newId();
		send(id, """
				{"id": "%s", "model": "kalman", "inputs": [[1, 2, 3], [4]],
				 "parameters": {"processNoise": 1, "measurementNoise": 1, "initialError": 1}}
				""".formatted(id));

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		JsonNode first = result.outputs().get(0);
		assertThat(first.size()).isEqualTo(3);
		assertThat(first.get(0).doubleValue()).isCloseTo(1.0, within(1e-9));
		assertThat(first.get(1).doubleValue()).isCloseTo(1.625, within(1e-9));
		assertThat(first.get(2).doubleValue()).isCloseTo(2.476190476190476, within(1e-9));
		assertThat(result.outputs().get(1).get(0).doubleValue()).isEqualTo(4.0);
	}

	@Test
	void shouldReplyOnTheRequestedTopicAndPartitionWithTheCorrelationId() throws Exception {
		String id = newId();
		byte[] correlation = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> request = new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), id,
				("{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[[1,2]]}").getBytes(StandardCharsets.UTF_8));
		request.headers()
			.add(PipelineHeaders.REPLY_TOPIC, Topics.INFERENCE_REPLIES.name().getBytes(StandardCharsets.UTF_8));
		request.headers().add(PipelineHeaders.REPLY_PARTITION, ByteBuffer.allocate(4).putInt(2).array());
		request.headers().add(PipelineHeaders.CORRELATION_ID, correlation);
		producer.send(request).get(10, TimeUnit.SECONDS);

		ConsumerRecord<String, byte[]> reply = awaitRecord(Topics.INFERENCE_REPLIES.name(), id);

		assertThat(reply.partition()).isEqualTo(2);
		assertThat(reply.headers().lastHeader(PipelineHeaders.CORRELATION_ID).value()).isEqualTo(correlation);
		assertThat(read(reply).status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), id).id()).isEqualTo(id);
	}

	@Test
	void shouldDeadLetterAnUnparsableRecordAndAnswerTheNextOne() throws Exception {
		String poisonKey = newId();
		byte[] poison = "{this is not json".getBytes(StandardCharsets.UTF_8);
		// Same key as the good record below, so both land on one partition in this order.
		String id = newId();
		producer.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), id, poison)).get(10, TimeUnit.SECONDS);
		send(id, "{\"id\":\"" + id + "\",\"model\":\"kalman\",\"inputs\":[[5,5,5]]}");
		producer
			.send(new ProducerRecord<>(Topics.INFERENCE_REQUESTS.name(), poisonKey,
					"{\"model\":\"kalman\",\"inputs\":[[1]]}".getBytes(StandardCharsets.UTF_8)))
			.get(10, TimeUnit.SECONDS);

		ConsumerRecord<String, byte[]> deadLetter = awaitRecord(Topics.INFERENCE_REQUESTS_DLQ.name(), id);
		assertThat(deadLetter.value()).isEqualTo(poison);
		assertThat(
				new String(deadLetter.headers().lastHeader(PipelineHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8))
			.contains("Not valid JSON");
		assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-topic")).isNotNull();
		assertThat(awaitResult(Topics.INFERENCE_RESULTS.name(), id).status()).isEqualTo(ResultStatus.SUCCEEDED);

		ConsumerRecord<String, byte[]> withoutId = awaitRecord(Topics.INFERENCE_REQUESTS_DLQ.name(), poisonKey);
		assertThat(
				new String(withoutId.headers().lastHeader(PipelineHeaders.DLQ_REASON).value(), StandardCharsets.UTF_8))
			.contains("id");
	}

	@Test
	void shouldAnswerARequestPastItsDeadlineAsExpired() throws Exception {
		String id = newId();
		send(id, """
				{"id": "%s", "model": "sentiment", "inputs": ["fine"], "deadline": "%s"}
				""".formatted(id, Instant.now().minusSeconds(60)));

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);

		assertThat(result.status()).isEqualTo(ResultStatus.EXPIRED);
		assertThat(result.outputs()).isNull();
		assertThat(result.error().code()).isEqualTo("DEADLINE_EXCEEDED");
	}

	@Test
	void shouldFailUnknownModelsAndInvalidInputsWithACode() throws Exception {
		String unknown = newId();
		String emptyText = newId();
		String textForKalman = newId();
		String nonFinite = newId();
		String badNoise = newId();
		send(unknown, "{\"id\":\"" + unknown + "\",\"model\":\"no-such-model\",\"inputs\":[\"x\"]}");
		send(emptyText, "{\"id\":\"" + emptyText + "\",\"model\":\"sentiment\",\"inputs\":[\"  \"]}");
		send(textForKalman, "{\"id\":\"" + textForKalman + "\",\"model\":\"kalman\",\"inputs\":[\"1,2,3\"]}");
		send(nonFinite, "{\"id\":\"" + nonFinite + "\",\"model\":\"kalman\",\"inputs\":[[1, 1e999]]}");
		send(badNoise, "{\"id\":\"" + badNoise
				+ "\",\"model\":\"kalman\",\"inputs\":[[1,2]],\"parameters\":{\"measurementNoise\":-1}}");

		assertFailed(unknown, "UNKNOWN_MODEL");
		assertFailed(emptyText, "INVALID_INPUT");
		assertFailed(textForKalman, "INVALID_INPUT");
		assertFailed(nonFinite, "INVALID_INPUT");
		assertFailed(badNoise, "INVALID_PARAMETERS");
	}

	@Test
	void shouldMarkTextsCutToTheModelWindow() throws Exception {
		String id = newId();
		String longText = "The screen is bright and the sound is clear. ".repeat(60);
		send(id, "{\"id\":\"" + id + "\",\"model\":\"sentiment\",\"inputs\":[\"" + longText + "\", \"Short.\"]}");

		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);

		assertThat(result.status()).isEqualTo(ResultStatus.SUCCEEDED);
		assertThat(result.outputs().get(0).get("truncated").booleanValue()).isTrue();
		assertThat(result.outputs().get(1).has("truncated")).isFalse();
	}

	@Test
	void shouldAnnounceTheModelsAndReportThemReady() throws Exception {
		ModelDescriptor sentiment = PipelineJson.mapper()
			.readValue(awaitRecord(Topics.INFERENCE_MODELS.name(), "sentiment").value(), ModelDescriptor.class);
		ModelDescriptor kalman = PipelineJson.mapper()
			.readValue(awaitRecord(Topics.INFERENCE_MODELS.name(), "kalman").value(), ModelDescriptor.class);

		assertThat(sentiment.ready()).isTrue();
		assertThat(sentiment.inputKind()).isEqualTo(ModelDescriptor.TEXT);
		assertThat(sentiment.version()).isEqualTo("1");
		assertThat(kalman.inputKind()).isEqualTo(ModelDescriptor.NUMBER_SERIES);
		// The tensors of each config.json, for the Open Inference Protocol's model
		// metadata.
		assertThat(sentiment.platform()).isEqualTo("onnx_onnxv1");
		assertThat(sentiment.inputs()).containsExactly(new ModelTensor("text", "BYTES", List.of(-1L)));
		assertThat(sentiment.outputs()).extracting(ModelTensor::name)
			.containsExactly("label", "score", "probabilities");
		assertThat(kalman.inputs()).containsExactly(new ModelTensor("series", "FP64", List.of(-1L, -1L)));
		assertThat(kalman.outputs()).containsExactly(new ModelTensor("estimates", "FP64", List.of(-1L, -1L)));
		assertThat(this.modelsHealth.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.modelsHealth.health().getDetails()).containsKey("models");
	}

	private void assertFailed(String id, String code) throws Exception {
		InferenceResult result = awaitResult(Topics.INFERENCE_RESULTS.name(), id);
		assertThat(result.status()).as(id).isEqualTo(ResultStatus.FAILED);
		assertThat(result.error().code()).as(id).isEqualTo(code);
		assertThat(result.error().message()).isNotBlank();
	}

}
