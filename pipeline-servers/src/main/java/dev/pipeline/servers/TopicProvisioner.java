package dev.pipeline.servers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.Topic;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Creates the topics of the contract that do not exist yet, under the names of one
 * deployment ({@link TopicNames}: behind its {@code pipeline.topics.prefix}); existing
 * ones are left alone.
 */
public final class TopicProvisioner {

	private TopicProvisioner() {
	}

	/**
	 * @param partitions partitions of each new topic
	 * @return the names created by this call
	 */
	public static List<String> ensureTopics(String bootstrapServers, int partitions) {
		return ensureTopics(bootstrapServers, TopicNames.UNPREFIXED, partitions, 1);
	}

	/**
	 * @param brokers the cluster's size: topics are replicated to every broker, and a
	 * write is acknowledged once a majority has it ({@code min.insync.replicas})
	 */
	public static List<String> ensureTopics(String bootstrapServers, TopicNames names, int partitions, int brokers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<NewTopic> missing = Topics.ALL.stream()
				.filter(topic -> !existing.contains(names.of(topic)))
				.map(topic -> newTopic(topic, names.of(topic), partitions, brokers))
				.toList();
			admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
			awaitLeaders(admin, missing);
			return missing.stream().map(NewTopic::name).toList();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating topics", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not create the pipeline's topics: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns once every partition of the new topics answers on its leader. A created
	 * topic is in the controller's metadata first and on the brokers a moment later; a
	 * producer that writes in between gets {@code NOT_LEADER_OR_FOLLOWER}, and an
	 * idempotent one whose first batch is retried after later ones were taken can fail
	 * with {@code OutOfOrderSequenceException} (seen on a loaded machine with the test
	 * kit's stand-in worker). Listing offsets is answered by the partition's leader, and
	 * the admin client retries it until it is.
	 */
	private static void awaitLeaders(Admin admin, List<NewTopic> topics)
			throws InterruptedException, ExecutionException, TimeoutException {
		Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
		for (NewTopic topic : topics) {
			for (int partition = 0; partition < topic.numPartitions(); partition++) {
				partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
			}
		}
		admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
	}

	private static NewTopic newTopic(Topic<?> topic, String name, int partitions, int brokers) {
		short replication = KafkaBroker.replicationFactor(brokers);
		Map<String, String> minIsr = Map.of("min.insync.replicas",
				String.valueOf(KafkaBroker.minInsyncReplicas(brokers)));
		if (Topics.COMPACTED.contains(topic)) {
			// A catalogue: only the latest record per model matters, one partition keeps
			// order.
			Map<String, String> configs = new HashMap<>(minIsr);
			configs.put("cleanup.policy", "compact");
			return new NewTopic(name, 1, replication).configs(configs);
		}
		return new NewTopic(name, partitions, replication).configs(minIsr);
	}

}
