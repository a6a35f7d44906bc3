package dev.pipeline.ingress.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisAvailabilityTests {

	private final RedisAvailability availability = new RedisAvailability(
			new RateLimitProperties(true, 100, List.of(), Duration.ofMillis(50), Duration.ofSeconds(30)));

	@Test
	void shouldLetOneProbeThroughPerRetryIntervalWhileDown() {
		assertThat(this.availability.shouldTry()).isTrue();

		this.availability.failed("test", new IllegalStateException("connection refused"));

		assertThat(this.availability.isDown()).isTrue();
		assertThat(this.availability.shouldTry()).isFalse();
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(this.availability::shouldTry);
		assertThat(this.availability.shouldTry()).as("only one probe per interval").isFalse();

		this.availability.succeeded();

		assertThat(this.availability.isDown()).isFalse();
		assertThat(this.availability.shouldTry()).isTrue();
		assertThat(this.availability.shouldTry()).isTrue();
	}

}
