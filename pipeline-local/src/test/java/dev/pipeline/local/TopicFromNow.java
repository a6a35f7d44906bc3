package dev.pipeline.local;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.Consumer;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribes a test's consumer ({@code auto.offset.reset=latest}) to a topic from its
 * end, before the test sends anything. Waiting for the assignment is not enough: the
 * consumer resolves "latest" later, with a request of its own, so a record written right
 * after the assignment could land before the position it then gets and never be read (how
 * {@code ModelVersionsIT} once missed a result). So this waits until every partition of
 * the topic is assigned and asks for each one's position, which blocks until it is fixed.
 */
final class TopicFromNow {

	private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(30);

	private TopicFromNow() {
	}

	static void subscribe(Consumer<?, ?> consumer, String topic) {
		consumer.subscribe(List.of(topic));
		int partitions = consumer.partitionsFor(topic).size();
		// No partitions would pass the wait below with nothing assigned: as the tests'
		// own checks did before, an absent topic fails here.
		assertThat(partitions).as("partitions of %s", topic).isPositive();
		Awaitility.await()
			.alias("all " + partitions + " partitions of " + topic + " assigned")
			.atMost(ASSIGNMENT_TIMEOUT)
			.pollDelay(Duration.ZERO)
			.pollInSameThread()
			.until(() -> {
				consumer.poll(Duration.ofMillis(100));
				return consumer.assignment().size() == partitions;
			});
		consumer.assignment().forEach(partition -> consumer.position(partition, ASSIGNMENT_TIMEOUT));
	}

}
