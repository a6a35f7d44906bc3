package dev.pipeline.ingress.webhook;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(5), Duration.ofMinutes(10),
			Duration.ofHours(6));

	private final Instant created = Instant.parse("2026-12-01T00:00:00Z");

	@Test
	void shouldDoubleTheDelayAfterEachFailureUpToTheMaximum() {
		assertThat(this.schedule.delay(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.schedule.delay(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.schedule.delay(5)).isEqualTo(Duration.ofSeconds(80));
		assertThat(this.schedule.delay(8)).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.schedule.delay(1000)).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void shouldTakeUpToHalfOfTheDelayOffAsJitter() {
		Instant now = this.created.plusSeconds(60);

		assertThat(this.schedule.next(this.created, 2, now, 0.0)).hasValue(now.plusSeconds(10));
		assertThat(this.schedule.next(this.created, 2, now, 0.5)).hasValue(now.plusMillis(7_500));
		assertThat(this.schedule.next(this.created, 2, now, 0.999)).hasValueSatisfying(
				(next) -> assertThat(next).isAfterOrEqualTo(now.plusSeconds(5)).isBefore(now.plusSeconds(10)));
	}

	@Test
	void shouldGiveUpOnceTheNextAttemptWouldComeAfterTheBound() {
		Instant late = this.created.plus(Duration.ofHours(6)).minusSeconds(60);

		assertThat(this.schedule.next(this.created, 20, late, 0.0)).isEmpty();
		assertThat(this.schedule.next(this.created, 1, late, 0.0)).hasValue(late.plusSeconds(5));
	}

}
