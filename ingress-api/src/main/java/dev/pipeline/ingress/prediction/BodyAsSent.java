package dev.pipeline.ingress.prediction;

import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.node.NullNode;

/**
 * Reads a request body record that keeps the JSON as the client sent it
 * ({@link PredictionRequest}, the compatibility routes' bodies): any JSON value, a JSON
 * {@code null} included, which Jackson would otherwise turn into no body at all (a 400
 * "missing body") instead of the 422 of the validator. Each record names a subclass in
 * {@code @JsonDeserialize(using = ...)}.
 *
 * @param <T> the record
 */
public abstract class BodyAsSent<T> extends ValueDeserializer<T> {

	private final Function<JsonNode, T> record;

	protected BodyAsSent(Function<JsonNode, T> record) {
		this.record = record;
	}

	@Override
	public T deserialize(JsonParser parser, DeserializationContext context) {
		return this.record.apply(context.readTree(parser));
	}

	@Override
	public Object getNullValue(DeserializationContext context) {
		return this.record.apply(NullNode.getInstance());
	}

}
