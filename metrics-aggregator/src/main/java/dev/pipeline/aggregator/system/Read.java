package dev.pipeline.aggregator.system;

import java.util.function.Function;
import java.util.stream.Collectors;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * What a PostgreSQL writer makes of one record: a value it can store, or the reason it
 * cannot (which goes to the dead-letter topic with the record). Writers read raw bytes
 * and parse them here, so a record that is not even JSON is dead-lettered as received.
 */
public sealed interface Read<T> permits Read.Storable, Read.Rejected {

	/**
	 * @param check the writer's rule for a parsed value: why it cannot be stored, or
	 * {@code null}
	 */
	static <T> Read<T> json(byte @Nullable [] bytes, Class<T> type, Function<T, @Nullable String> check) {
		if (bytes == null || bytes.length == 0) {
			return new Rejected<>("Empty record value");
		}
		T value;
		try {
			value = PipelineJson.mapper().readValue(bytes, type);
		}
		catch (JacksonException ex) {
			String at = ex.getPath()
				.stream()
				.map(step -> (step.getPropertyName() != null) ? step.getPropertyName() : "[" + step.getIndex() + "]")
				.collect(Collectors.joining("."));
			return new Rejected<>(printable("Not a readable " + type.getSimpleName()
					+ (at.isEmpty() ? "" : " at \"" + at + "\"") + ": " + ex.getOriginalMessage()));
		}
		if (value == null) {
			return new Rejected<>("Not a readable " + type.getSimpleName() + ": null");
		}
		String problem = check.apply(value);
		return (problem != null) ? new Rejected<>(problem) : new Storable<>(value);
	}

	/** Parser messages quote the input: keep them to one line of bounded length. */
	private static String printable(String text) {
		String line = text.replaceAll("\\p{Cntrl}", "?");
		return (line.length() > 600) ? line.substring(0, 600) + "..." : line;
	}

	record Storable<T>(T value) implements Read<T> {
	}

	record Rejected<T>(String reason) implements Read<T> {
	}

}
