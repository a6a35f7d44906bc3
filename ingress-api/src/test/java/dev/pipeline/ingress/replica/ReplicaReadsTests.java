package dev.pipeline.ingress.replica;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.servers.PostgresReplica;
import dev.pipeline.servers.PostgresServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read replica on the real stack: an ingress instance of its own whose replica is a
 * streaming hot standby of the shared PostgreSQL ({@link PostgresReplica}). With the
 * standby's replay paused, the replica's routes show the older state (proof that they
 * read it) while a job just submitted is still found through the primary; with the
 * standby stopped, the same routes answer from the primary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaReadsTests extends PredictionPathTest {

	private static PostgresReplica replica;

	private static ConfigurableApplicationContext instance;

	private String model;

	private Http admin;

	@BeforeAll
	static void startInstanceWithReplica() {
		replica = servers.postgresReplica();
		instance = startAnotherInstance(Map.of("ingress.read-replica.url", replica.jdbcUrl()));
	}

	@AfterAll
	static void stopInstance() {
		// None when the test servers have no replica (containers: the class is skipped).
		if (instance != null) {
			instance.close();
		}
	}

	@BeforeEach
	void setUp() {
		this.model = "replica-" + UUID.randomUUID();
		this.admin = new Http(portOf(instance), "X-Admin-Token", ADMIN_TOKEN);
		ModelCatalog catalog = instance.getBean(ModelCatalog.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("sentiment").isPresent());
	}

	@Test
	@Order(1)
	void shouldReadTheReplicaButFindAJustSubmittedJobOnThePrimary() throws Exception {
		try (Connection standby = DriverManager.getConnection(replica.jdbcUrl(), PostgresServer.USER, "")) {
			execute(standby, "SELECT pg_wal_replay_pause()");
			try {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> single(standby, "SELECT pg_get_wal_replay_pause_state()"), "paused"::equals);
				// An account made now exists only on the primary: keys are read there.
				Http client = Http.withApiKey(portOf(instance), createAccount(1_000, 1_000).apiKey());
				window(Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120), 7);
				alert(Instant.now().minusSeconds(60));
				HttpResponse<String> submitted = client.postJson("/v1/models/sentiment/jobs",
						"{\"inputs\": [\"fine\"]}");
				assertThat(submitted.statusCode()).isEqualTo(202);
				String jobId = Http.json(submitted).path("id").asString();
				assertThat(single(this.jdbc,
						"SELECT (pg_current_wal_lsn() > replay_lsn)::text FROM"
								+ " pg_stat_replication WHERE application_name = 'pipeline_replica'"))
					.as("the replica lags")
					.isEqualTo("true");

				// The replica's older state: none of the rows just written.
				assertThat(count()).isZero();
				assertThat(summaryCount()).isZero();
				assertThat(alerts()).isEmpty();
				assertThat(jobIds(client)).doesNotContain(jobId);
				// The job the client was just given is found all the same.
				HttpResponse<String> polled = client.get("/v1/jobs/" + jobId);
				assertThat(polled.statusCode()).isEqualTo(200);
				assertThat(Http.json(polled).path("id").asString()).isEqualTo(jobId);

				execute(standby, "SELECT pg_wal_replay_resume()");
				// Replay catches up row by row, in the order of the writes: wait for the
				// last one written (the job) before reading the others.
				await().atMost(Duration.ofSeconds(30)).until(() -> jobIds(client).contains(jobId));
				assertThat(count()).isEqualTo(7);
				assertThat(summaryCount()).isEqualTo(7);
				assertThat(alerts()).hasSize(1);
			}
			finally {
				execute(standby, "SELECT pg_wal_replay_resume()");
			}
		}
	}

	@Test
	@Order(2)
	void shouldAnswerFromThePrimaryWhileTheReplicaIsDown() {
		Http client = Http.withApiKey(portOf(instance), createAccount(1_000, 1_000).apiKey());
		HttpResponse<String> submitted = client.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"fine\"]}");
		String jobId = Http.json(submitted).path("id").asString();
		replica.stop();
		try {
			window(Instant.now().truncatedTo(ChronoUnit.MINUTES).minusSeconds(120), 3);
			alert(Instant.now().minusSeconds(60));

			assertThat(count()).isEqualTo(3);
			assertThat(summaryCount()).isEqualTo(3);
			assertThat(alerts()).hasSize(1);
			assertThat(jobIds(client)).contains(jobId);
			assertThat(client.get("/v1/jobs/" + jobId).statusCode()).isEqualTo(200);
		}
		finally {
			replica.restart();
		}
	}

	private long count() {
		HttpResponse<String> response = this.admin.get("/v1/metrics/count?model=" + this.model);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("count").asLong();
	}

	/** The summary streams its windows, the path of the metrics ranges. */
	private long summaryCount() {
		HttpResponse<String> response = this.admin.get("/v1/metrics/summary?model=" + this.model + "&window=1h");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("count").asLong();
	}

	private List<JsonNode> alerts() {
		HttpResponse<String> response = this.admin
			.get("/v1/alerts?model=" + this.model + "&since=" + Instant.now().minusSeconds(3600));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("alerts").valueStream().toList();
	}

	private static List<String> jobIds(Http client) {
		HttpResponse<String> response = client.get("/v1/jobs");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return Http.json(response).path("items").valueStream().map((job) -> job.path("id").asString()).toList();
	}

	private void window(Instant start, long count) {
		Histogram latency = new Histogram(3_600_000_000L, 2);
		latency.recordValueWithCount(10_000, count);
		ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
		byte[] compressed = Arrays.copyOf(buffer.array(), latency.encodeIntoCompressedByteBuffer(buffer));
		this.jdbc.sql("""
				INSERT INTO metrics_windows (scope, account_id, model, model_version, window_start, window_end,
				    result_count, succeeded, failed, expired, latency_histogram, label_counts)
				VALUES ('MODEL', '*', ?, '1', ?, ?, ?, ?, 0, 0, ?, '{}'::jsonb)""")
			.params(this.model, Timestamp.from(start), Timestamp.from(start.plusSeconds(60)), count, count, compressed)
			.update();
	}

	private void alert(Instant raisedAt) {
		Instant windowStart = raisedAt.truncatedTo(ChronoUnit.MINUTES);
		this.jdbc.sql("""
				INSERT INTO metrics_alerts (id, model, model_version, metric, threshold, observed, window_start,
				    window_end, raised_at) VALUES (?, ?, '1', 'errorRate', 1, 2, ?, ?, ?)""")
			.params(UUID.randomUUID().toString(), this.model, Timestamp.from(windowStart),
					Timestamp.from(windowStart.plusSeconds(60)), Timestamp.from(raisedAt))
			.update();
	}

	private static String single(org.springframework.jdbc.core.simple.JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(String.class).single();
	}

	private static String single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
