package dev.pipeline.benchmark.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.benchmark.chaos.Ledger.Accepted;
import dev.pipeline.benchmark.chaos.Ledger.Route;
import dev.pipeline.benchmark.target.AsyncJobs;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.metrics.MergedWindows;
import dev.pipeline.metrics.WindowRow;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, once the load of a fault has stopped, that the pipeline kept its word:
 * <ul>
 * <li>every accepted request has exactly one final result: its id is on
 * {@code inference.results} once (read from the beginning by a fresh
 * {@code read_committed} consumer, grouped by id) and, for requests made over HTTP,
 * {@code GET /v1/jobs/{id}} shows a final status;</li>
 * <li>the account was charged one unit per instance it had accepted
 * ({@code GET /v1/account});</li>
 * <li>the windows in PostgreSQL ({@code metrics_windows}, account scope, merged with
 * {@link MergedWindows}) count exactly the distinct results of the account.</li>
 * </ul>
 * Results and windows are waited for up to a deadline, since both trail the load.
 */
final class Reconciliation {

	private static final Logger logger = LoggerFactory.getLogger(Reconciliation.class);

	private static final long CHECK_PAUSE_NANOS = Duration.ofSeconds(2).toNanos();

	private final String bootstrapServers;

	private final TopicNames topics;

	private final String jdbcUrl;

	private final IngressClient account;

	private final String accountId;

	Reconciliation(String bootstrapServers, TopicNames topics, String jdbcUrl, IngressClient account,
			String accountId) {
		this.bootstrapServers = bootstrapServers;
		this.topics = topics;
		this.jdbcUrl = jdbcUrl;
		this.account = account;
		this.accountId = accountId;
	}

	static boolean isFinal(String status) {
		return Set.of("SUCCEEDED", "FAILED", "EXPIRED").contains(status) || status.startsWith("LOST");
	}

	/**
	 * Reconciles the ledger, waiting up to {@code deadline} for results and windows to
	 * catch up.
	 */
	Outcome reconcile(Ledger ledger, Duration deadline) throws Exception {
		Map<String, Accepted> accepted = ledger.accepted();
		long until = System.nanoTime() + deadline.toNanos();
		Map<String, List<String>> results = readResults();
		while (!results.keySet().containsAll(accepted.keySet()) && System.nanoTime() < until) {
			LockSupport.parkNanos(CHECK_PAUSE_NANOS);
			results = readResults();
		}
		Map<String, String> jobs = awaitJobs(accepted, until);
		long answered = 0;
		List<String> twice = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		List<String> lost = new ArrayList<>();
		List<String> unreadable = new ArrayList<>();
		Map<String, Long> finalStatuses = new TreeMap<>();
		for (Accepted request : accepted.values()) {
			List<String> records = results.getOrDefault(request.id(), List.of());
			String job = jobs.getOrDefault(request.id(), "not read");
			if (records.size() > 1) {
				twice.add(request.id() + " " + records);
			}
			boolean readable = (request.route() == Route.KAFKA) ? !records.isEmpty() : isFinal(job);
			if (readable) {
				answered++;
				finalStatuses.merge((request.route() == Route.KAFKA) ? records.get(0) : job, 1L, Long::sum);
				if (!records.isEmpty() && request.route() != Route.KAFKA && !records.contains(job)) {
					unreadable.add(request.id() + " topic " + records + " but GET " + job);
				}
			}
			else if (job.equals("QUEUED") || job.equals("RUNNING")) {
				pending.add(request.id() + " " + request.route() + " " + job);
			}
			else {
				lost.add(request.id() + " " + request.route() + " " + request.model() + " GET " + job + ", "
						+ records.size() + " results");
				if (!records.isEmpty()) {
					unreadable.add(request.id() + " topic " + records + " but GET " + job);
				}
			}
		}
		long distinctResults = results.size();
		List<String> unacknowledged = results.keySet().stream().filter(id -> !accepted.containsKey(id)).toList();
		long chargedUnits = quotaUsed();
		long acceptedUnits = accepted.values().stream().filter(request -> request.route() != Route.KAFKA).count();
		long counted = awaitWindows(distinctResults, until);
		return new Outcome(accepted.size(), answered, lost, twice, pending, unreadable, finalStatuses, distinctResults,
				unacknowledged, chargedUnits, acceptedUnits, counted);
	}

	/**
	 * Every result record of this account (or of an id the ledger holds), by id: the
	 * statuses in the order they were read.
	 */
	private Map<String, List<String>> readResults() {
		Properties props = new Properties();
		props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-reconcile-" + UUID.randomUUID());
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		Map<String, List<String>> byId = new HashMap<>();
		try (KafkaConsumer<String, InferenceResult> consumer = new KafkaConsumer<>(props,
				Topics.INFERENCE_RESULTS.keySerde().deserializer(),
				Topics.INFERENCE_RESULTS.valueSerde().deserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(this.topics.of(Topics.INFERENCE_RESULTS))
				.stream()
				.map(info -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
					&& System.nanoTime() < until) {
				for (ConsumerRecord<String, InferenceResult> record : consumer.poll(Duration.ofMillis(500))) {
					InferenceResult result = record.value();
					if (result != null && this.accountId.equals(result.accountId())) {
						byId.computeIfAbsent(result.id(), id -> new ArrayList<>()).add(result.status().name());
					}
				}
			}
		}
		return byId;
	}

	/**
	 * {@code GET /v1/jobs/{id}} of every request: its status, or what answered instead.
	 */
	/**
	 * The REST requests' job statuses, read again (only those not final yet) until all
	 * are final or {@code until} passes: a result on the topic is readable through
	 * {@code GET /v1/jobs/{id}} only once the aggregator's result sink has stored it,
	 * which after a restart of the aggregator takes a while.
	 */
	private Map<String, String> awaitJobs(Map<String, Accepted> accepted, long until) throws Exception {
		Map<String, Accepted> rest = new TreeMap<>();
		accepted.forEach((id, request) -> {
			if (request.route() != Route.KAFKA) {
				rest.put(id, request);
			}
		});
		Map<String, String> jobs = new TreeMap<>(readJobs(rest));
		while (System.nanoTime() < until) {
			Map<String, Accepted> open = new TreeMap<>();
			rest.forEach((id, request) -> {
				if (!isFinal(jobs.getOrDefault(id, ""))) {
					open.put(id, request);
				}
			});
			if (open.isEmpty()) {
				break;
			}
			LockSupport.parkNanos(CHECK_PAUSE_NANOS);
			jobs.putAll(readJobs(open));
		}
		return jobs;
	}

	private Map<String, String> readJobs(Map<String, Accepted> accepted) throws Exception {
		Map<String, String> statuses = new ConcurrentHashMap<>();
		ExecutorService readers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> reads = new ArrayList<>();
			for (String id : accepted.keySet()) {
				reads.add(readers.submit(() -> statuses.put(id, readJob(id))));
			}
			for (Future<?> read : reads) {
				read.get();
			}
		}
		finally {
			readers.shutdownNow();
		}
		return statuses;
	}

	private String readJob(String id) {
		try {
			HttpResponse<String> job = this.account.get("/v1/jobs/" + id);
			return (job.statusCode() == 200) ? AsyncJobs.status(job) : MixedLoad.kind(job);
		}
		catch (IOException ex) {
			return "unreadable: " + ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private long quotaUsed() {
		try {
			HttpResponse<String> view = this.account.get("/v1/account");
			return PipelineJson.mapper().readTree(view.body()).path("quotaUsed").asLong(-1);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not read the account's usage: {}", ex.toString());
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/**
	 * The account's windows merged, waited for until they count {@code expected} or the
	 * deadline passes (the aggregator trails the results topic).
	 */
	private long awaitWindows(long expected, long until) throws SQLException {
		long counted = countWindows();
		while (counted != expected && System.nanoTime() < until) {
			LockSupport.parkNanos(CHECK_PAUSE_NANOS);
			counted = countWindows();
		}
		return counted;
	}

	private long countWindows() throws SQLException {
		try (Connection db = DriverManager.getConnection(this.jdbcUrl);
				PreparedStatement query = db.prepareStatement("SELECT " + WindowRow.COLUMNS
						+ " FROM metrics_windows WHERE scope = 'ACCOUNT' AND account_id = ?")) {
			query.setString(1, this.accountId);
			List<WindowRow> rows = new ArrayList<>();
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					rows.add(WindowRow.read(rs));
				}
			}
			return MergedWindows.of(rows).count();
		}
	}

	/**
	 * What the reconciliation found.
	 *
	 * @param lost accepted, and neither answered nor pending: id, route, what GET said
	 * @param twice ids with more than one result record, with their statuses
	 * @param unreadable results on the topic that {@code GET /v1/jobs/{id}} does not show
	 * @param distinctResults ids of this account with at least one result record
	 * @param unacknowledged results of this account whose request the load never saw
	 * accepted (a caller whose connection broke, or a refusal that was processed anyway)
	 * @param chargedUnits the account's {@code quotaUsed}
	 * @param acceptedUnits instances accepted over HTTP (direct Kafka is not charged)
	 * @param windowCount the merged count of the account's windows
	 */
	record Outcome(long accepted, long answered, List<String> lost, List<String> twice, List<String> pending,
			List<String> unreadable, Map<String, Long> finalStatuses, long distinctResults, List<String> unacknowledged,
			long chargedUnits, long acceptedUnits, long windowCount) {

		boolean clean() {
			return this.lost.isEmpty() && this.twice.isEmpty() && this.pending.isEmpty()
					&& this.chargedUnits == this.acceptedUnits && this.windowCount == this.distinctResults;
		}

	}

}
