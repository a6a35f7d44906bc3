package dev.pipeline.aggregator.window;

import org.apache.kafka.streams.KafkaStreams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reports the metrics topology in {@code /actuator/health}: a stream thread that died (a
 * fatal error) leaves the service up but no longer aggregating, which must be visible.
 */
@Component("metricsTopology")
class StreamsHealth implements HealthIndicator {

	private final StreamsBuilderFactoryBean streams;

	StreamsHealth(StreamsBuilderFactoryBean streams) {
		this.streams = streams;
	}

	@Override
	public Health health() {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null) {
			return Health.down().withDetail("state", "NOT_STARTED").build();
		}
		KafkaStreams.State state = kafkaStreams.state();
		Health.Builder health = (state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED) ? Health.up()
				: Health.down();
		return health.withDetail("state", state.name()).build();
	}

}
