package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerRetryDelayTests {

	@Test
	void shouldReadTheRetryInfoDetailTheSdkAppendsToTheMessage() {
		// ApiException.message() of SDK 1.80 for a 429: the body's message, then each
		// detail's JSON.
		String message = """
				You exceeded your current quota, please check your plan and billing details.
				Details:
				{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]}
				{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"12.5s"}""";

		assertThat(ServerRetryDelay.of(message, null)).hasValue(Duration.ofMillis(12_500));
	}

	@Test
	void shouldReadTheDelayFromTheMessageText() {
		assertThat(ServerRetryDelay.of("Quota exceeded. Please retry in 39.72s.", null))
			.hasValue(Duration.ofMillis(39_720));
		assertThat(ServerRetryDelay.of("Please retry in 800ms.", null)).hasValue(Duration.ofMillis(800));
	}

	@Test
	void shouldReadARetryAfterHeaderInSecondsOrAsADate() {
		assertThat(ServerRetryDelay.of("overloaded", "3")).hasValue(Duration.ofSeconds(3));
		String inAMinute = ZonedDateTime.now().plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
		assertThat(ServerRetryDelay.of(null, inAMinute))
			.hasValueSatisfying((delay) -> assertThat(delay).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
	}

	@Test
	void shouldTakeTheLongestDelayAskedFor() {
		assertThat(ServerRetryDelay.of("{\"retryDelay\": \"2s\"} Please retry in 1s", "5"))
			.hasValue(Duration.ofSeconds(5));
	}

	@Test
	void shouldFindNothingWhenNothingIsAsked() {
		assertThat(ServerRetryDelay.of("The model is overloaded. Please try again later.", null)).isEmpty();
		assertThat(ServerRetryDelay.of(null, "soon")).isEmpty();
	}

}
