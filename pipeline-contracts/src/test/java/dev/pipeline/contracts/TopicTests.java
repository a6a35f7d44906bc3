package dev.pipeline.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTests {

	@Test
	void shouldReadTheMinimalRequestOfADirectProducer() {
		byte[] json = """
				{"id": "r-1", "model": "sentiment", "inputs": ["great product"]}
				""".getBytes(StandardCharsets.UTF_8);

		InferenceRequest request = Topics.INFERENCE_REQUESTS.valueSerde()
			.deserializer()
			.deserialize("inference.requests", json);

		assertThat(request.id()).isEqualTo("r-1");
		assertThat(request.schemaVersion()).isEqualTo(1);
		assertThat(request.inputs()).hasSize(1);
		assertThat(request.inputs().get(0).asString()).isEqualTo("great product");
		assertThat(request.parameters()).isEmpty();
		assertThat(request.deadline()).isNull();
	}

	@Test
	void shouldWriteResultsAsPlainJsonWithIsoInstants() {
		InferenceRequest request = new InferenceRequest(1, "r-2", "kalman", null, "acct", List.of(), null,
				Instant.parse("2026-01-01T00:00:00Z"), null);
		InferenceResult result = InferenceResult.expired(request, Instant.parse("2026-01-01T00:00:10Z"));

		byte[] bytes = Topics.INFERENCE_RESULTS.valueSerde().serializer().serialize("inference.results", result);
		String json = new String(bytes, StandardCharsets.UTF_8);

		assertThat(json).contains("\"status\":\"EXPIRED\"")
			.contains("\"completedAt\":\"2026-01-01T00:00:10Z\"")
			.contains("\"code\":\"DEADLINE_EXCEEDED\"")
			.doesNotContain("@class");
		InferenceResult back = Topics.INFERENCE_RESULTS.valueSerde().deserializer().deserialize("t", bytes);
		assertThat(back).isEqualTo(result);
	}

	@Test
	void shouldKeepNumericInstancesIntact() {
		var series = JsonNodeFactory.instance.arrayNode().add(1.0).add(2.5);
		InferenceRequest request = new InferenceRequest(0, "r-3", "kalman", null, null, List.of(series), null, null,
				null);

		byte[] bytes = Topics.INFERENCE_REQUESTS.valueSerde().serializer().serialize("t", request);
		InferenceRequest back = Topics.INFERENCE_REQUESTS.valueSerde().deserializer().deserialize("t", bytes);

		assertThat(back.inputs().get(0).get(1).asDouble()).isEqualTo(2.5);
	}

}
