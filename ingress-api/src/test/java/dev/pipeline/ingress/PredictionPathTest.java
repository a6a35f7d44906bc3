package dev.pipeline.ingress;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.pipeline.ingress.model.ModelCatalog;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Base of the prediction-path tests: the shared application plus the {@link TestWorker}, with
 * the worker's models already in the catalogue. Adds nothing to the Spring configuration, so
 * the context of {@link IngressIntegrationTest} is reused.
 */
public abstract class PredictionPathTest extends IngressIntegrationTest {

	protected static final TestWorker worker = TestWorker.get();

	@Value("${local.server.port}")
	protected int port;

	@Autowired
	protected ModelCatalog catalog;

	@Autowired
	protected JdbcClient jdbc;

	protected Http http;

	@BeforeEach
	void waitForCatalogue() {
		this.http = new Http(this.port);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.catalog.find("sentiment").isPresent() && this.catalog.find("kalman").isPresent()
					&& this.catalog.find("warming").isPresent());
	}

	/** Stands in for the metrics-aggregator, which stores results from inference.results. */
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

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
