package dev.pipeline.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers' topic set-up, {@code deploy/k8s/base/create-topics.sh} (compose's
 * pipeline-init, the Kubernetes Job), is a shell copy of {@link TopicProvisioner}'s
 * settings: it is run here against a stand-in {@code kafka-topics.sh} that records its
 * arguments, and must ask for the topics {@link TopicProvisioner} creates, with the same
 * partitions, replication and configs.
 */
class TopicScriptTests {

	private static final Path SCRIPT = Path.of("..", "deploy", "k8s", "base", "create-topics.sh");

	@TempDir
	Path kafkaHome;

	@Test
	void shouldCreateWhatTheProvisionerCreates() throws Exception {
		int partitions = 4;
		int brokers = 3;
		TopicNames names = new TopicNames("staging.");

		Map<String, String> created = run(Map.of("PIPELINE_TOPICS_PREFIX", "staging.", "PIPELINE_PARTITIONS",
				String.valueOf(partitions), "KAFKA_BROKERS", String.valueOf(brokers)));

		Map<String, String> expected = new TreeMap<>();
		String replication = " --replication-factor " + KafkaBroker.replicationFactor(brokers)
				+ " --config min.insync.replicas=" + KafkaBroker.minInsyncReplicas(brokers);
		for (var topic : Topics.ALL) {
			expected.put(names.of(topic),
					Topics.COMPACTED.contains(topic)
							? "--partitions 1" + replication + " --config cleanup.policy=compact"
							: "--partitions " + partitions + replication);
		}
		assertThat(created).isEqualTo(expected);
	}

	@Test
	void shouldDefaultToOneBrokerAndNoPrefix() throws Exception {
		Map<String, String> created = run(Map.of());

		assertThat(created).containsOnlyKeys(Topics.ALL.stream().map(TopicNames.UNPREFIXED::of).toList())
			.containsEntry(Topics.INFERENCE_REQUESTS.name(),
					"--partitions 3 --replication-factor 1 --config min.insync.replicas=1");
	}

	/** Runs the script; returns each created topic with the rest of its arguments. */
	private Map<String, String> run(Map<String, String> environment) throws IOException, InterruptedException {
		Path log = this.kafkaHome.resolve("calls.log");
		Path bin = Files.createDirectories(this.kafkaHome.resolve("bin"));
		Path stub = bin.resolve("kafka-topics.sh");
		Files.writeString(stub, "#!/bin/sh\necho \"$*\" >> '" + log + "'\n");
		Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
		ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
			.redirectOutput(this.kafkaHome.resolve("out.log").toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf(name -> name.startsWith("PIPELINE_") || name.startsWith("KAFKA_"));
		env.putAll(environment);
		env.put("KAFKA_HOME", this.kafkaHome.toString());
		Process process = builder.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
		assertThat(process.exitValue()).as(Files.readString(this.kafkaHome.resolve("out.log"))).isZero();
		Map<String, String> created = new HashMap<>();
		for (String call : Files.readAllLines(log)) {
			List<String> args = new ArrayList<>(List.of(call.split(" ")));
			if (args.remove("--create")) {
				assertThat(args.subList(0, 2)).containsExactly("--bootstrap-server", "kafka:9092");
				assertThat(args.subList(2, 5)).containsExactly("--if-not-exists", "--topic", args.get(4));
				created.put(args.get(4), String.join(" ", args.subList(5, args.size())));
			}
		}
		return new TreeMap<>(created);
	}

}
