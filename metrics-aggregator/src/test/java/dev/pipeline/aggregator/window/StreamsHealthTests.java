package dev.pipeline.aggregator.window;

import java.time.Duration;

import dev.pipeline.aggregator.AggregatorIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StreamsHealthTests extends AggregatorIntegrationTest {

	@Autowired
	StreamsHealth health;

	@Test
	void shouldReportTheRunningTopologyAsUp() {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(this.health.health().getDetails()).containsEntry("state", "RUNNING");
		});
	}

}
