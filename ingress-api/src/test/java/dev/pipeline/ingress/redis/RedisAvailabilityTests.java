package dev.pipeline.ingress.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RedisAvailabilityTests {

	// A retry interval long enough that a busy test machine cannot let it pass between
	// two
	// consecutive calls (50 ms did, in the full suite), short enough to keep the test
	// quick.
	private final RedisAvailability availability = new RedisAvailability(
			new RedisFallbackProperties(Duration.ofSeconds(1), Duration.ofSeconds(30)));

	@Test
	void shouldLetOneProbeThroughPerRetryIntervalWhileDown() {
		assertThat(this.availability.shouldTry()).isTrue();

		this.availability.failed("test", new IllegalStateException("connection refused"));

		assertThat(this.availability.isDown()).isTrue();
		assertThat(this.availability.shouldTry()).isFalse();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(this.availability::shouldTry);
		assertThat(this.availability.shouldTry()).as("only one probe per interval").isFalse();

		this.availability.succeeded();

		assertThat(this.availability.isDown()).isFalse();
		assertThat(this.availability.shouldTry()).isTrue();
		assertThat(this.availability.shouldTry()).isTrue();
	}

}
