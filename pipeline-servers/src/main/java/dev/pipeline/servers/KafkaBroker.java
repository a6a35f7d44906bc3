package dev.pipeline.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one
 * process), built from the server classes Kafka itself ships. The log directory is
 * formatted on first use and reused afterwards, so topics and offsets survive a restart.
 *
 * <p>
 * Replication factors and the transaction log's min ISR are forced to 1: a single broker
 * cannot satisfy the defaults, and transactions (Kafka Streams' exactly-once) need them.
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
		try {
			Files.createDirectories(logDir);
			formatIfNew(logDir);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot prepare the Kafka log directory " + logDir + ": " + ex.getMessage(),
					ex);
		}
		KafkaConfig config = new KafkaConfig(settings(logDir, brokerPort, quorumPort, defaultPartitions), false);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		server.startup();
		log.info("Kafka broker (KRaft) listening on localhost:{}, data in {}", brokerPort, logDir);
		return new KafkaBroker(server, brokerPort);
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

	private static Map<String, Object> settings(Path logDir, int brokerPort, int controllerPort,
			int defaultPartitions) {
		Map<String, Object> props = new HashMap<>();
		props.put("process.roles", "broker,controller");
		props.put("node.id", String.valueOf(NODE_ID));
		props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
		props.put("listeners",
				"PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
		props.put("controller.listener.names", CONTROLLER_LISTENER);
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		props.put("log.dirs", logDir.toAbsolutePath().toString());
		props.put("num.partitions", String.valueOf(defaultPartitions));
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "5");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("transaction.state.log.num.partitions", "5");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("default.replication.factor", "1");
		props.put("min.insync.replicas", "1");
		// A lone broker has no one to wait for before it starts balancing a new group.
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "true");
		props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
		return props;
	}

	private static void formatIfNew(Path logDir) throws Exception {
		if (Files.exists(logDir.resolve("meta.properties"))) {
			return;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new Formatter().setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
			.setNodeId(NODE_ID)
			.setClusterId(Uuid.randomUuid().toString())
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
