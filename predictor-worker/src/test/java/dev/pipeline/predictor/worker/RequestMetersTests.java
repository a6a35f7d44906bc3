package dev.pipeline.predictor.worker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ResultStatus;
import dev.pipeline.contracts.Timings;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMetersTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final RequestMeters meters = new RequestMeters(this.registry, Map.of("sentiment", Set.of("1", "2")));

	@Test
	void shouldCountAndTimeSuccessesPerModelAndVersion() {
		this.meters.answered(result("sentiment", ResultStatus.SUCCEEDED, null), TimeUnit.MILLISECONDS.toNanos(40));

		Tags tags = Tags.of("model", "sentiment", "version", "2");
		assertThat(this.registry.get("inference.request.success").tags(tags).counter().count()).isEqualTo(1);
		HistogramSnapshot durations = this.registry.get("inference.request.duration").tags(tags).timer().takeSnapshot();
		assertThat(durations.count()).isEqualTo(1);
		// Buckets to draw percentiles from: none below 40 ms counts it, every one above
		// does.
		assertThat(durations.histogramCounts()).hasSizeGreaterThan(10)
			.allSatisfy((bucket) -> assertThat(bucket.count())
				.isEqualTo((bucket.bucket(TimeUnit.MILLISECONDS) >= 40) ? 1.0 : 0.0));
		assertThat(this.registry.scrape())
			.containsPattern("inference_request_duration_seconds_bucket\\{[^}]*model=\"sentiment\",version=\"2\"");
	}

	@Test
	void shouldCountFailuresByReasonAndUnservedModelsAsOther() {
		this.meters.answered(result("sentiment", ResultStatus.FAILED, "INVALID_INPUT"), 1);
		this.meters.answered(result("sentiment", ResultStatus.EXPIRED, "DEADLINE_EXCEEDED"), 1);
		this.meters.answered(result("no-such-model", ResultStatus.FAILED, "UNKNOWN_MODEL"), 1);

		assertThat(this.registry.get("inference.request.failure")
			.tags("model", "sentiment", "version", "2", "reason", "INVALID_INPUT")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("inference.request.failure")
			.tags("model", "sentiment", "reason", "DEADLINE_EXCEEDED")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("inference.request.failure")
			.tags("model", "other", "version", "other", "reason", "UNKNOWN_MODEL")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("inference.request.duration").tags("model", "other").timer()).isNull();
	}

	@Test
	void shouldKeepTheVersionsOfOneModelApart() {
		this.meters.answered(result("sentiment", "1", ResultStatus.SUCCEEDED, null), 1);
		this.meters.answered(result("sentiment", "1", ResultStatus.SUCCEEDED, null), 1);
		this.meters.answered(result("sentiment", "2", ResultStatus.SUCCEEDED, null), 1);
		this.meters.answered(result("sentiment", "9", ResultStatus.FAILED, "UNKNOWN_MODEL_VERSION"), 1);

		assertThat(this.registry.get("inference.request.success")
			.tags("model", "sentiment", "version", "1")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get("inference.request.success")
			.tags("model", "sentiment", "version", "2")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get("inference.request.failure")
			.tags("model", "sentiment", "version", "other", "reason", "UNKNOWN_MODEL_VERSION")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.find("inference.request.duration").tags("version", "9").timer()).isNull();
	}

	private static InferenceResult result(String model, ResultStatus status, @Nullable String errorCode) {
		return result(model, "2", status, errorCode);
	}

	private static InferenceResult result(String model, String version, ResultStatus status,
			@Nullable String errorCode) {
		ErrorInfo error = (errorCode != null) ? new ErrorInfo(errorCode, "why") : null;
		return new InferenceResult(InferenceResult.SCHEMA_VERSION, "req-1", model, version, "acct", status,
				(status == ResultStatus.SUCCEEDED) ? List.of(JsonNodeFactory.instance.stringNode("POSITIVE")) : null,
				error, Instant.EPOCH, Instant.EPOCH, Timings.none());
	}

}
