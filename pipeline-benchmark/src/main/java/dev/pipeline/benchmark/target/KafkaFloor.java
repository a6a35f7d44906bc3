package dev.pipeline.benchmark.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.EndToEndLatency;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The transport floor: Kafka's own end-to-end latency tool
 * ({@code org.apache.kafka.tools.EndToEndLatency} of the kafka-tools artifact of the
 * Kafka version in use) against the stack's broker. It sends one record at a time with
 * {@code acks=all} and {@code linger.ms=0}, waits for the acknowledgement, then polls it
 * back with {@code fetch.max.wait.ms=0}: one hop of a record the size of a prediction
 * request, with nothing else in the way. A synchronous prediction makes two such hops
 * (request and reply), so twice this is what Kafka costs it at best.
 *
 * <p>
 * The tool prints its figures and calls {@code Exit.exit}; this runs its {@code main} in
 * this JVM with Kafka's exit procedure replaced and standard output copied, and reads the
 * figures from its two summary lines. The tool truncates its percentiles to whole
 * milliseconds; its average keeps four decimals.
 */
public final class KafkaFloor {

	/**
	 * Its own topic, one partition, replication factor 1, created before the tool runs
	 * (see {@link #createTopic}).
	 */
	public static final String TOPIC = "benchmark.e2e-latency";

	/**
	 * Records measured: a few thousand, so the 99th percentile rests on tens of records,
	 * in seconds.
	 */
	public static final int RECORDS = 3000;

	/** Records before the measured ones, not recorded: connections, JIT, first fetch. */
	static final int WARMUP_RECORDS = 300;

	private static final Pattern AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");

	private static final Pattern PERCENTILES = Pattern
		.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99.9th = (\\d+)");

	private KafkaFloor() {
	}

	/**
	 * Runs the tool twice, a short unrecorded warm-up and then {@code records} records,
	 * and returns its figures for one hop with the command it ran.
	 */
	public static Map<String, Object> measure(String bootstrapServers, int records) {
		int valueBytes = requestBytes();
		int keyBytes = UUID.randomUUID().toString().length();
		createTopic(bootstrapServers);
		run(arguments(bootstrapServers, WARMUP_RECORDS, valueBytes, keyBytes));
		List<String> arguments = arguments(bootstrapServers, records, valueBytes, keyBytes);
		String output = run(arguments);
		Matcher average = AVERAGE.matcher(output);
		Matcher percentiles = PERCENTILES.matcher(output);
		if (!average.find() || !percentiles.find()) {
			throw new IllegalStateException("EndToEndLatency printed no summary:\n" + output);
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("tool", EndToEndLatency.class.getName() + " " + String.join(" ", arguments));
		figures.put("records", records);
		figures.put("valueBytes", valueBytes);
		figures.put("keyBytes", keyBytes);
		figures.put("acks", "all");
		double averageMs = Double.parseDouble(average.group(1));
		int p50 = Integer.parseInt(percentiles.group(1));
		figures.put("oneHopAvgMs", averageMs);
		figures.put("oneHopP50Ms", p50);
		figures.put("oneHopP99Ms", Integer.parseInt(percentiles.group(2)));
		figures.put("oneHopP999Ms", Integer.parseInt(percentiles.group(3)));
		figures.put("twoHopsAvgMs", Math.round(2 * averageMs * 1000) / 1000.0);
		figures.put("twoHopsP50Ms", 2 * p50);
		return figures;
	}

	/**
	 * Creates the tool's topic and waits until its partition has a leader. The tool can
	 * create it itself, but then starts at once: on a fresh topic its consumer could be
	 * positioned before the partition was known and miss the first record, and the tool
	 * exits 1 (seen once in CI).
	 */
	static void createTopic(String bootstrapServers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			try {
				admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw new IllegalStateException("Could not create " + TOPIC + ": " + ex.getCause(), ex);
				}
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!hasLeader(admin)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(TOPIC + " has no leader after 30 s");
				}
				Thread.sleep(50);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while creating " + TOPIC, ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not create " + TOPIC + " within 30 s", ex);
		}
	}

	private static boolean hasLeader(Admin admin) throws InterruptedException {
		try {
			TopicDescription topic = admin.describeTopics(List.of(TOPIC))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(TOPIC);
			return topic != null && topic.partitions().stream().allMatch((partition) -> partition.leader() != null);
		}
		catch (ExecutionException | TimeoutException ex) {
			// Not known to the broker answering yet.
			return false;
		}
	}

	private static List<String> arguments(String bootstrapServers, int records, int valueBytes, int keyBytes) {
		return List.of("--bootstrap-server", bootstrapServers, "--topic", TOPIC, "--num-records",
				String.valueOf(records), "--producer-acks", "all", "--record-size", String.valueOf(valueBytes),
				"--record-key-size", String.valueOf(keyBytes));
	}

	/**
	 * The size of a minimal sentiment request as a direct producer writes it (API.md):
	 * what travels on the request hop.
	 */
	static int requestBytes() {
		InferenceRequest request = new InferenceRequest(InferenceRequest.SCHEMA_VERSION, UUID.randomUUID().toString(),
				"sentiment", null, null,
				List.of(JsonNodeFactory.instance.stringNode("The service was quick and the staff were friendly.")),
				Map.of(), Instant.now(), null);
		return Topics.INFERENCE_REQUESTS.valueSerde()
			.serializer()
			.serialize(Topics.INFERENCE_REQUESTS.name(), request).length;
	}

	/**
	 * The tool's main, with its exit turned into a return code and what it printed
	 * captured (and still shown).
	 */
	private static synchronized String run(List<String> arguments) {
		PrintStream original = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		List<Integer> exitCodes = new ArrayList<>();
		List<String> exitMessages = new ArrayList<>();
		Exit.setExitProcedure((code, message) -> {
			exitCodes.add(code);
			if (message != null) {
				exitMessages.add(message);
			}
		});
		System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
		try {
			EndToEndLatency.main(arguments.toArray(String[]::new));
		}
		finally {
			System.setOut(original);
			Exit.resetExitProcedure();
		}
		String output = captured.toString(StandardCharsets.UTF_8);
		if (exitCodes.isEmpty() || exitCodes.get(0) != 0) {
			throw new IllegalStateException("EndToEndLatency exited with " + exitCodes + " " + exitMessages
					+ " (its errors are on standard error):\n" + output);
		}
		return output;
	}

	/** Writes to both streams. */
	private static final class TeeStream extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		TeeStream(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws IOException {
			this.first.write(b);
			this.second.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.first.write(b, off, len);
			this.second.write(b, off, len);
		}

		@Override
		public void flush() throws IOException {
			this.first.flush();
		}

	}

}
