package dev.pipeline.ingress.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 7240 {@code Prefer} as the prediction, job and analysis routes read it. */
class WaitPreferenceTests {

	static final Duration DEFAULT = Duration.ofSeconds(5);

	static final Duration MAX = Duration.ofSeconds(30);

	@Test
	void shouldUseTheDefaultWhenTheClientPrefersNothing() {
		assertThat(WaitPreference.of(null, DEFAULT, MAX)).isEqualTo(new WaitPreference(DEFAULT, null));
	}

	@Test
	void shouldWaitAsLongAsTheClientAsksAndSaySo() {
		assertThat(WaitPreference.of("wait=12", DEFAULT, MAX))
			.isEqualTo(new WaitPreference(Duration.ofSeconds(12), "wait=12"));
	}

	@Test
	void shouldCapTheWaitAtTheConfiguredMaximum() {
		assertThat(WaitPreference.of("wait=3600", DEFAULT, MAX)).isEqualTo(new WaitPreference(MAX, "wait=30"));
	}

	@Test
	void shouldCapAWaitTooLargeForANumberRatherThanIgnoreIt() {
		// RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as the largest
		// one.
		assertThat(WaitPreference.of("wait=99999999999999999999", DEFAULT, MAX))
			.isEqualTo(new WaitPreference(MAX, "wait=30"));
	}

	@Test
	void shouldReadPreferencesCaseInsensitivelyWithQuotesAndParameters() {
		assertThat(WaitPreference.of("handling=lenient, WAIT = \"7\"; foo=bar", DEFAULT, MAX))
			.isEqualTo(new WaitPreference(Duration.ofSeconds(7), "wait=7"));
	}

	@Test
	void shouldTakeTheFirstWaitWhenThereAreSeveral() {
		assertThat(WaitPreference.of("wait=3, wait=9", DEFAULT, MAX).budget()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void shouldAnswerAtOnceForRespondAsync() {
		assertThat(WaitPreference.of("respond-async", DEFAULT, MAX))
			.isEqualTo(new WaitPreference(Duration.ZERO, "respond-async"));
	}

	@Test
	void shouldLetAnExplicitWaitWinOverRespondAsync() {
		assertThat(WaitPreference.of("respond-async, wait=4", DEFAULT, MAX))
			.isEqualTo(new WaitPreference(Duration.ofSeconds(4), "wait=4"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "wait=abc", "wait=-5", "wait=+5", "wait=1.5", "wait=", "wait", "foo; wait=2", "waiting=2", "" })
	void shouldIgnoreWhatIsNotAWaitPreference(String prefer) {
		assertThat(WaitPreference.of(prefer, DEFAULT, MAX)).isEqualTo(new WaitPreference(DEFAULT, null));
	}

	@Test
	void shouldNeverWaitLongerThanTheMaximumByDefault() {
		assertThat(WaitPreference.of(null, Duration.ofMinutes(5), MAX).budget()).isEqualTo(MAX);
	}

}
