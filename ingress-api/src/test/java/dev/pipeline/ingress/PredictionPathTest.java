package dev.pipeline.ingress;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.model.ModelCatalog;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Base of the prediction-path tests: the shared application plus the {@link TestWorker},
 * with the worker's models already in the catalogue. Adds nothing to the Spring
 * configuration, so the context of {@link IngressIntegrationTest} is reused.
 *
 * <p>
 * Each test class gets an account of its own (generous quota and rate, so limits never
 * decide a test that is not about them); {@link #http} sends its API key as a real client
 * would.
 */
public abstract class PredictionPathTest extends IngressIntegrationTest {

	protected static final TestWorker worker = TestWorker.get();

	private static final Map<Class<?>, TestAccount> accounts = new ConcurrentHashMap<>();

	@Value("${local.server.port}")
	protected int port;

	@Autowired
	protected ModelCatalog catalog;

	@Autowired
	protected JdbcClient jdbc;

	/** The account of this test class. */
	protected TestAccount account;

	/** A client of the shared application with this test class's API key. */
	protected Http http;

	@BeforeEach
	void waitForCatalogue() {
		this.account = accounts.computeIfAbsent(getClass(), (testClass) -> createAccount(1_000_000, 100_000));
		this.http = Http.withApiKey(this.port, this.account.apiKey());
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.catalog.find("sentiment").isPresent() && this.catalog.find("kalman").isPresent()
					&& this.catalog.find("warming").isPresent());
	}

	/**
	 * Stands in for the metrics-aggregator, which stores results from inference.results.
	 */
	protected void storeResult(String id, String status, String outputsJson, Instant submittedAt, Instant completedAt,
			String accountId) {
		this.jdbc.sql("""
				INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, error_code,
				    error_message, submitted_at, completed_at, queue_ms, inference_ms, batch_size)
				VALUES (?, ?, 'sentiment', '1', ?, ?::jsonb, ?, ?, ?, ?, 1.5, 2.5, 1)""")
			.params(id, accountId, status, outputsJson, status.equals("SUCCEEDED") ? null : "INVALID_INPUT",
					status.equals("SUCCEEDED") ? null : "bad text", utc(submittedAt), utc(completedAt))
			.update();
	}

	/**
	 * Stands in for the metrics-aggregator storing a result exactly as the worker
	 * published it.
	 */
	protected void storeResult(InferenceResult result) {
		this.jdbc.sql("""
				INSERT INTO inference_results (id, account_id, model, model_version, status, outputs, error_code,
				    error_message, submitted_at, completed_at, queue_ms, inference_ms, batch_size)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)""")
			.params(result.id(), result.accountId(), result.model(), result.modelVersion(), result.status().name(),
					(result.outputs() != null) ? PipelineJson.mapper().writeValueAsString(result.outputs()) : null,
					(result.error() != null) ? result.error().code() : null,
					(result.error() != null) ? result.error().message() : null,
					(result.submittedAt() != null) ? utc(result.submittedAt()) : null, utc(result.completedAt()),
					result.timings().queueMs(), result.timings().inferenceMs(), result.timings().batchSize())
			.update();
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
