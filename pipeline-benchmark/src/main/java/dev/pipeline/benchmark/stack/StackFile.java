package dev.pipeline.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.TopicNames;
import tools.jackson.databind.JsonNode;

/**
 * What the local stack writes to {@code <data dir>/stack.json}: where everything listens
 * and the process id of each service (for its memory), and the names of its topics.
 */
public record StackFile(String ingressUrl, String kafkaBootstrapServers, String jdbcUrl, String adminToken,
		Map<String, Long> servicePids, long launcherPid, TopicNames topics) {

	public static StackFile read(Path file) throws IOException {
		JsonNode root = PipelineJson.mapper().readTree(Files.readString(file));
		Map<String, Long> pids = new LinkedHashMap<>();
		root.path("servicePids").properties().forEach(entry -> pids.put(entry.getKey(), entry.getValue().asLong()));
		return new StackFile(root.path("ingressUrl").asString(), root.path("kafkaBootstrapServers").asString(),
				root.path("jdbcUrl").asString(""), root.path("adminToken").asString(), pids,
				root.path("launcherPid").asLong(), new TopicNames(root.path("topicsPrefix").asString("")));
	}

	/**
	 * Whether the launcher that wrote this file still runs (a crashed stack leaves a
	 * stale file).
	 */
	public boolean isRunning() {
		return ProcessHandle.of(this.launcherPid).map(ProcessHandle::isAlive).orElse(false);
	}

}
