package dev.pipeline.benchmark.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.GroupState;

/**
 * The topic the workers read and the consumer group they share, through Kafka's Admin
 * API: the topic's partitions are raised in place (Kafka can add partitions, never take
 * them away), and a change of workers or partitions is only measured once the group has
 * settled on it.
 */
final class WorkerGroup implements AutoCloseable {

	private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

	private final Admin admin;

	private final String topic;

	WorkerGroup(String bootstrapServers, String topic) {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.admin = Admin.create(props);
		this.topic = topic;
	}

	int partitions() throws Exception {
		return this.admin.describeTopics(List.of(this.topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(this.topic)
			.partitions()
			.size();
	}

	/** Raises the topic's partitions to {@code count}, if it has fewer. */
	void growTo(int count) throws Exception {
		if (partitions() < count) {
			this.admin.createPartitions(Map.of(this.topic, NewPartitions.increaseTo(count)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	/** Consumers (threads, not processes) of the group reading the topic. */
	int members() throws Exception {
		return readers().stream().mapToInt(group -> group.members().size()).sum();
	}

	/**
	 * Waits until the group is stable with {@code expectedMembers} members (any number if
	 * 0) and every partition of the topic assigned; returns the members.
	 */
	int awaitSettled(int expectedMembers) throws Exception {
		int partitions = partitions();
		long until = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		while (System.nanoTime() < until) {
			List<ConsumerGroupDescription> groups = readers();
			int members = groups.stream().mapToInt(group -> group.members().size()).sum();
			long assigned = groups.stream()
				.flatMap(group -> group.members().stream())
				.flatMap(member -> member.assignment().topicPartitions().stream())
				.filter(tp -> tp.topic().equals(this.topic))
				.distinct()
				.count();
			boolean stable = !groups.isEmpty()
					&& groups.stream().allMatch(group -> group.groupState() == GroupState.STABLE);
			if (stable && (expectedMembers <= 0 || members == expectedMembers) && assigned == partitions) {
				return members;
			}
			// The group coordinator has no event to wait on from here.
			LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
		}
		throw new IllegalStateException("The workers' group did not settle on " + partitions + " partitions within "
				+ SETTLE_TIMEOUT.toMinutes() + " minutes");
	}

	/**
	 * The groups whose members are assigned the topic, found like the lag sampler finds
	 * them, so the benchmark needs no knowledge of the worker's group id.
	 */
	private List<ConsumerGroupDescription> readers() throws Exception {
		List<String> ids = this.admin.listConsumerGroups()
			.all()
			.get(10, TimeUnit.SECONDS)
			.stream()
			.map(ConsumerGroupListing::groupId)
			.toList();
		List<ConsumerGroupDescription> readers = new ArrayList<>();
		if (ids.isEmpty()) {
			return readers;
		}
		for (ConsumerGroupDescription group : this.admin.describeConsumerGroups(ids)
			.all()
			.get(10, TimeUnit.SECONDS)
			.values()) {
			if (group.members()
				.stream()
				.anyMatch(member -> member.assignment()
					.topicPartitions()
					.stream()
					.anyMatch(tp -> tp.topic().equals(this.topic)))) {
				readers.add(group);
			}
		}
		return readers;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
