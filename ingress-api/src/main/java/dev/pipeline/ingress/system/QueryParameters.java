package dev.pipeline.ingress.system;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;

/**
 * Parses query parameters of the metrics API and the lists. Unreadable text is a 400
 * ({@code bad-parameter}); readable but unusable values (a negative window, {@code from}
 * after {@code to}) are a 422 ({@code invalid-parameter}).
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}). */
	public static @Nullable Instant instant(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.trim());
		}
		catch (DateTimeParseException ex) {
			throw badParameter(name, value, "an ISO-8601 instant such as 2026-01-01T00:00:00Z");
		}
	}

	/**
	 * A positive duration: {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601
	 * ({@code PT1H}).
	 */
	public static @Nullable Duration duration(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw badParameter(name, value, "a duration such as 30s, 5m, 1h, 7d or PT1H");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw invalidParameter(name, name + " must be longer than zero.");
		}
		return duration;
	}

	public static ApiProblem badParameter(String name, String value, String expected) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "bad-parameter", "Bad parameter",
				"Query parameter '" + name + "' is '" + value + "'; expected " + expected + ".")
			.with("parameter", name);
	}

	public static ApiProblem invalidParameter(String name, String detail) {
		return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-parameter", "Invalid parameter", detail)
			.with("parameter", name);
	}

}
