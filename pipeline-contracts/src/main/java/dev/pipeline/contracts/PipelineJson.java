package dev.pipeline.contracts;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the contract. Jackson 3 already writes {@code Instant}s as
 * ISO-8601 text; unknown fields are tolerated so a newer producer never breaks an older
 * consumer.
 */
public final class PipelineJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private PipelineJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

}
