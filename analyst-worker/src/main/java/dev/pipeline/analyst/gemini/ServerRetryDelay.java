package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How long the server asked us to wait before retrying. Gemini says it in the error body,
 * as a {@code google.rpc.RetryInfo} detail ({@code "retryDelay": "1.5s"}, a protobuf
 * Duration in JSON) and in its message ("Please retry in 1.5s."); the SDK (1.80) keeps
 * the message and appends the details' JSON to it, which is where we find them. An HTTP
 * {@code Retry-After} header (seconds or an HTTP date) counts too when a proxy sends one.
 */
final class ServerRetryDelay {

	private static final Pattern RETRY_INFO = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

	private static final Pattern RETRY_IN = Pattern.compile("(?i)retry in (\\d+(?:\\.\\d+)?)\\s*(ms|s)\\b");

	private ServerRetryDelay() {
	}

	/** The longest delay the error asks for, if it asks for any. */
	static Optional<Duration> of(@Nullable String errorMessage, @Nullable String retryAfterHeader) {
		Duration longest = null;
		for (Duration candidate : new Duration[] { fromRetryInfo(errorMessage), fromText(errorMessage),
				fromHeader(retryAfterHeader) }) {
			if (candidate != null && (longest == null || candidate.compareTo(longest) > 0)) {
				longest = candidate;
			}
		}
		return Optional.ofNullable(longest);
	}

	private static @Nullable Duration fromRetryInfo(@Nullable String message) {
		if (message == null) {
			return null;
		}
		Matcher matcher = RETRY_INFO.matcher(message);
		return matcher.find() ? seconds(matcher.group(1)) : null;
	}

	private static @Nullable Duration fromText(@Nullable String message) {
		if (message == null) {
			return null;
		}
		Matcher matcher = RETRY_IN.matcher(message);
		if (!matcher.find()) {
			return null;
		}
		return "ms".equalsIgnoreCase(matcher.group(2))
				? Duration.ofMillis(Math.round(Double.parseDouble(matcher.group(1)))) : seconds(matcher.group(1));
	}

	private static @Nullable Duration fromHeader(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		if (value.chars().allMatch(Character::isDigit)) {
			return Duration.ofSeconds(Long.parseLong(value));
		}
		try {
			Duration until = Duration.between(ZonedDateTime.now(),
					ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
			return until.isNegative() ? Duration.ZERO : until;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static Duration seconds(String decimal) {
		return Duration.ofMillis(Math.round(Double.parseDouble(decimal) * 1000));
	}

}
