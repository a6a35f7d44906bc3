package dev.pipeline.servers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.Topic;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics of the contract that do not exist yet; existing ones are left alone.
 */
public final class TopicProvisioner {

	private TopicProvisioner() {
	}

	/**
	 * @param partitions partitions of each new topic
	 * @return the names created by this call
	 */
	public static List<String> ensureTopics(String bootstrapServers, int partitions) {
		return ensureTopics(bootstrapServers, partitions, 1);
	}

	/**
	 * @param brokers the cluster's size: topics are replicated to every broker, and a
	 * write is acknowledged once a majority has it ({@code min.insync.replicas})
	 */
	public static List<String> ensureTopics(String bootstrapServers, int partitions, int brokers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
			List<NewTopic> missing = Topics.ALL.stream()
				.map(Topic::name)
				.filter(name -> !existing.contains(name))
				.map(name -> newTopic(name, partitions, brokers))
				.toList();
			admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
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

	private static NewTopic newTopic(String name, int partitions, int brokers) {
		short replication = KafkaBroker.replicationFactor(brokers);
		Map<String, String> minIsr = Map.of("min.insync.replicas",
				String.valueOf(KafkaBroker.minInsyncReplicas(brokers)));
		if (name.equals(Topics.INFERENCE_MODELS.name())) {
			// A catalogue: only the latest descriptor per model matters, one partition
			// keeps order.
			Map<String, String> configs = new HashMap<>(minIsr);
			configs.put("cleanup.policy", "compact");
			return new NewTopic(name, 1, replication).configs(configs);
		}
		return new NewTopic(name, partitions, replication).configs(minIsr);
	}

}
