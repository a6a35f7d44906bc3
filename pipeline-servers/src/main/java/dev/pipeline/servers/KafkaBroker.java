package dev.pipeline.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka node in KRaft combined mode (broker and controller in one process), built from
 * the server classes Kafka itself ships: a single node, or one of a cluster
 * ({@link #startCluster}). The log directory is formatted on first use and reused
 * afterwards, so topics and offsets survive a restart.
 *
 * <p>
 * Replication factors and min ISRs follow the cluster's size: 1 for a single broker
 * (which cannot satisfy the defaults, and transactions — Kafka Streams' exactly-once —
 * need them), every node and a majority for a cluster.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

	private static final int NODE_ID = 1;

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private final KafkaRaftServer server;

	private final int port;

	private KafkaBroker(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * @param logDir where the broker keeps its data (created and formatted when empty)
	 * @param port the client port, or 0 for any free port
	 * @param controllerPort the KRaft controller port, or 0 for any free port
	 * @param defaultPartitions partitions of auto-created topics
	 */
	public static KafkaBroker start(Path logDir, int port, int controllerPort, int defaultPartitions) {
		// Two free ports picked at once: picked one after the other they can be the same
		// port.
		List<Integer> free = Ports.free(2);
		int brokerPort = (port != 0) ? port : free.get(0);
		int quorumPort = (controllerPort != 0) ? controllerPort : free.get(1);
		Ports.requireFree("Kafka", brokerPort, "PIPELINE_KAFKA_PORT");
		Ports.requireFree("The Kafka controller", quorumPort, "PIPELINE_KAFKA_CONTROLLER_PORT");
		Node node = new Node(NODE_ID, brokerPort, quorumPort);
		return startNode(logDir, node, List.of(node), Uuid.randomUuid().toString(), defaultPartitions);
	}

	/**
	 * One node of a cluster: its id, client port and controller port.
	 */
	public record Node(int id, int port, int controllerPort) {
	}

	/**
	 * A cluster of {@code nodes.size()} combined broker-and-controller nodes, every one a
	 * voter of the KRaft quorum (three nodes survive the loss of one). Internal topics
	 * are replicated to every node with a min ISR of a majority, so an acknowledged
	 * record is on two nodes of three. Started together: a node's broker waits for the
	 * quorum to have a leader.
	 * @param logDirs one log directory per node
	 */
	public static List<KafkaBroker> startCluster(List<Path> logDirs, List<Node> nodes, int defaultPartitions) {
		String clusterId = Uuid.randomUuid().toString();
		List<CompletableFuture<KafkaBroker>> starting = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			Path logDir = logDirs.get(i);
			Node node = nodes.get(i);
			starting
				.add(CompletableFuture.supplyAsync(() -> startNode(logDir, node, nodes, clusterId, defaultPartitions)));
		}
		return starting.stream().map(CompletableFuture::join).toList();
	}

	/** Every node's client address, for a client's bootstrap list. */
	public static String bootstrapServers(List<Node> nodes) {
		return String.join(",", nodes.stream().map(node -> "localhost:" + node.port()).toList());
	}

	/** The replication of a cluster of {@code nodes}: every node holds a copy. */
	public static short replicationFactor(int nodes) {
		return (short) nodes;
	}

	/** A majority of {@code nodes} must have a record before it is acknowledged. */
	public static int minInsyncReplicas(int nodes) {
		return nodes / 2 + 1;
	}

	/**
	 * Starts (or starts again, on its formatted log directory) one node of a cluster.
	 * @param clusterId used only to format a new log directory
	 */
	public static KafkaBroker startNode(Path logDir, Node node, List<Node> voters, String clusterId,
			int defaultPartitions) {
		try {
			Files.createDirectories(logDir);
			formatIfNew(logDir, node.id(), clusterId);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot prepare the Kafka log directory " + logDir + ": " + ex.getMessage(),
					ex);
		}
		KafkaConfig config = new KafkaConfig(settings(logDir, node, voters, defaultPartitions), false);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		server.startup();
		log.info("Kafka node {} (KRaft) listening on localhost:{}, data in {}", node.id(), node.port(), logDir);
		return new KafkaBroker(server, node.port());
	}

	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
	}

	private static Map<String, Object> settings(Path logDir, Node node, List<Node> voters, int defaultPartitions) {
		int brokerPort = node.port();
		int controllerPort = node.controllerPort();
		String replication = String.valueOf(replicationFactor(voters.size()));
		String minIsr = String.valueOf(minInsyncReplicas(voters.size()));
		Map<String, Object> props = new HashMap<>();
		props.put("process.roles", "broker,controller");
		props.put("node.id", String.valueOf(node.id()));
		props.put("controller.quorum.voters", String.join(",",
				voters.stream().map(voter -> voter.id() + "@localhost:" + voter.controllerPort()).toList()));
		props.put("listeners",
				"PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
		props.put("controller.listener.names", CONTROLLER_LISTENER);
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		props.put("log.dirs", logDir.toAbsolutePath().toString());
		props.put("num.partitions", String.valueOf(defaultPartitions));
		props.put("offsets.topic.replication.factor", replication);
		props.put("offsets.topic.num.partitions", "5");
		props.put("transaction.state.log.replication.factor", replication);
		props.put("transaction.state.log.min.isr", minIsr);
		props.put("transaction.state.log.num.partitions", "5");
		props.put("share.coordinator.state.topic.replication.factor", replication);
		props.put("share.coordinator.state.topic.min.isr", minIsr);
		props.put("default.replication.factor", replication);
		props.put("min.insync.replicas", minIsr);
		// A lone broker has no one to wait for before it starts balancing a new group.
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "true");
		props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
		return props;
	}

	private static void formatIfNew(Path logDir, int nodeId, String clusterId) throws Exception {
		if (Files.exists(logDir.resolve("meta.properties"))) {
			return;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new Formatter().setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
			.setNodeId(nodeId)
			.setClusterId(clusterId)
			.setDirectories(List.of(logDir.toAbsolutePath().toString()))
			.setMetadataLogDirectory(logDir.toAbsolutePath().toString())
			.setControllerListenerName(CONTROLLER_LISTENER)
			.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
			.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
			.run();
		log.debug("Formatted Kafka log directory: {}", out.toString(StandardCharsets.UTF_8).trim());
	}

	static boolean isFormatted(Path logDir) throws IOException {
		return Files.exists(logDir.resolve("meta.properties"));
	}

}
