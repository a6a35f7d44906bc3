package dev.pipeline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void shouldKeepPlainTextAsItIs() {
		assertThat(LogSafe.escape("req-1:a.b_c")).isEqualTo("req-1:a.b_c");
		assertThat(LogSafe.escape("Grüße, 東京")).isEqualTo("Grüße, 東京");
		assertThat(LogSafe.escape(null)).isEqualTo("null");
	}

	@Test
	void shouldEscapeLineBreaksSoNoLogLineCanBeForged() {
		String forged = LogSafe.escape("r1\r\n2026-01-01 INFO admin logged in");

		assertThat(forged).isEqualTo("r1\\r\\n2026-01-01 INFO admin logged in");
		assertThat(forged).doesNotContain("\r", "\n");
	}

	@Test
	void shouldEscapeEveryOtherControlCharacter() {
		assertThat(LogSafe.escape("a\u0000b\u001b[31mc\u007f\u0085\u2028\td"))
			.isEqualTo("a\\u0000b\\u001b[31mc\\u007f\\u0085\\u2028\\td");
	}

	@Test
	void shouldEscapeTheBackslashSoAnEscapeCannotBeFaked() {
		assertThat(LogSafe.escape("a\\nb")).isEqualTo("a\\\\nb");
	}

	@Test
	void shouldCutLongTextAndSayHowLongItWas() {
		String escaped = LogSafe.escape("x".repeat(200_000));

		assertThat(escaped).startsWith("x".repeat(LogSafe.MAX_LENGTH) + "...")
			.endsWith("(200000 characters)")
			.hasSizeLessThan(LogSafe.MAX_LENGTH + 32);
	}

	@Test
	void shouldCutAtAnotherBoundWhenAsked() {
		assertThat(LogSafe.escape("ab\ncd", 3)).isEqualTo("ab\\n...(5 characters)");
	}

}
