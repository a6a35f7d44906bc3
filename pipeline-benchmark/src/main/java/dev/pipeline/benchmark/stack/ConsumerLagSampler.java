package dev.pipeline.benchmark.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples, once a second while a point runs, how far the consumer groups reading
 * {@code inference.requests} (the predictor workers) are behind the end of the topic: the
 * committed offset of each partition against its end offset, summed. Groups are found by
 * what their members are assigned, so the benchmark needs no knowledge of the worker's
 * group id.
 */
public final class ConsumerLagSampler implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerLagSampler.class);

	private final Admin admin;

	private final String topic;

	private final List<Long> samples = new ArrayList<>();

	private volatile boolean running;

	private Thread sampler;

	private List<String> groups = List.of();

	public ConsumerLagSampler(String bootstrapServers, String topic) {
		Properties props = new Properties();
		props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.admin = Admin.create(props);
		this.topic = topic;
	}

	/** Starts sampling in the background; {@link #stop()} returns the figures. */
	public void start() {
		synchronized (this.samples) {
			this.samples.clear();
		}
		try {
			this.groups = findGroups();
		}
		catch (Exception ex) {
			logger.warn("Could not list the consumer groups of {}: {}", this.topic, ex.toString());
			this.groups = List.of();
		}
		this.running = true;
		this.sampler = new Thread(() -> {
			while (this.running) {
				sampleOnce();
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "consumer-lag");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	/**
	 * Stops sampling: groups, max and mean summed lag (records), and the number of
	 * samples.
	 */
	public Map<String, Object> stop() {
		this.running = false;
		if (this.sampler != null) {
			this.sampler.interrupt();
			try {
				this.sampler.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("consumerGroups", this.groups);
		synchronized (this.samples) {
			result.put("lagSamples", this.samples.size());
			result.put("maxLag", this.samples.stream().mapToLong(Long::longValue).max().orElse(-1));
			result.put("meanLag", Math.round(this.samples.stream().mapToLong(Long::longValue).average().orElse(-1)));
		}
		return result;
	}

	private List<String> findGroups() throws Exception {
		Collection<ConsumerGroupListing> listings = this.admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS);
		List<String> ids = listings.stream().map(ConsumerGroupListing::groupId).toList();
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<String, ConsumerGroupDescription> descriptions = this.admin.describeConsumerGroups(ids)
			.all()
			.get(10, TimeUnit.SECONDS);
		List<String> readers = new ArrayList<>();
		descriptions.forEach((id, description) -> {
			for (MemberDescription member : description.members()) {
				if (member.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(this.topic))) {
					readers.add(id);
					return;
				}
			}
		});
		return readers;
	}

	private void sampleOnce() {
		if (this.groups.isEmpty()) {
			return;
		}
		try {
			long total = 0;
			for (String group : this.groups) {
				Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
					.partitionsToOffsetAndMetadata()
					.get(5, TimeUnit.SECONDS);
				Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
				committed.keySet()
					.stream()
					.filter(tp -> tp.topic().equals(this.topic))
					.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
				Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin.listOffsets(latest)
					.all()
					.get(5, TimeUnit.SECONDS);
				for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
					OffsetAndMetadata offset = committed.get(end.getKey());
					total += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
				}
			}
			synchronized (this.samples) {
				this.samples.add(total);
			}
		}
		catch (Exception ex) {
			logger.debug("Lag sample failed: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.admin.close(Duration.ofSeconds(5));
	}

}
