package dev.pipeline.ingress.metrics;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ProblemResponses;
import dev.pipeline.ingress.system.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The metrics API of API.md plus the FastAPI seed's routes
 * ({@code POST /metrics/aggregated}, {@code GET /metrics/count}), which answer exactly
 * like their {@code /v1} twins. An account sees its own traffic, the admin sees all or,
 * with {@code account=}, one account's (see {@link MetricsScope}).
 */
@RestController
@Tag(name = "Metrics", description = "Aggregates of the predictions, per account or (admin) for all")
@ProblemResponses({ 403, 422 })
class MetricsController {

	private static final String VERSION = "One model version's traffic (admin, without account): "
			+ "compares the versions of a canary split; all versions when absent";

	private static final String ACCOUNT = "One account's traffic: the admin's choice; an API key may name only its own account";

	private final MetricsReports reports;

	MetricsController(MetricsReports reports) {
		this.reports = reports;
	}

	@GetMapping("/v1/metrics")
	@Operation(operationId = "getMetrics", summary = "Windowed aggregates as a time series")
	MetricsReports.TimeSeries series(
			@Parameter(description = "The model; all models when absent") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z") @RequestParam(
					required = false) @Nullable String from,
			@Parameter(description = "ISO-8601 instant") @RequestParam(required = false) @Nullable String to,
			@Parameter(description = "A duration, e.g. 1m or PT1M") @RequestParam(
					required = false) @Nullable String step,
			@Parameter(description = VERSION) @RequestParam(required = false) @Nullable String version,
			@Parameter(description = ACCOUNT) @RequestParam(required = false) @Nullable String account, Caller caller) {
		return this.reports.series(MetricsScope.of(caller, account, version), blankToNull(model),
				QueryParameters.instant("from", from), QueryParameters.instant("to", to),
				QueryParameters.duration("step", step));
	}

	@GetMapping("/v1/metrics/summary")
	@Operation(operationId = "getMetricsSummary", summary = "One aggregate over a recent window")
	MetricsView summary(
			@Parameter(description = "The model; all models when absent") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = "How far back, e.g. 1h") @RequestParam(required = false) @Nullable String window,
			@Parameter(description = VERSION) @RequestParam(required = false) @Nullable String version,
			@Parameter(description = ACCOUNT) @RequestParam(required = false) @Nullable String account, Caller caller) {
		return this.reports.summary(MetricsScope.of(caller, account, version), blankToNull(model),
				QueryParameters.duration("window", window));
	}

	/**
	 * The seed's aggregated metrics: the summary, with the model and window in an
	 * optional body.
	 */
	@PostMapping("/metrics/aggregated")
	@Operation(operationId = "getAggregatedMetrics", summary = "The seed's route: the summary, asked with a body")
	MetricsView aggregated(@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(name = "summary",
					value = "{\"model\": \"sentiment\", \"window\": \"1h\"}"))) @RequestBody(
							required = false) @Nullable AggregatedRequest request,
			Caller caller) {
		AggregatedRequest body = (request != null) ? request : new AggregatedRequest(null, null, null);
		return this.reports.summary(MetricsScope.of(caller, body.account()), blankToNull(body.model()),
				QueryParameters.duration("window", body.window()));
	}

	@GetMapping({ "/v1/metrics/count", "/metrics/count" })
	@Operation(operationId = "countPredictions", summary = "Total predictions recorded")
	PredictionCount count(
			@Parameter(description = "The model; all models when absent") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = VERSION) @RequestParam(required = false) @Nullable String version,
			@Parameter(description = ACCOUNT) @RequestParam(required = false) @Nullable String account, Caller caller) {
		return new PredictionCount(this.reports.count(MetricsScope.of(caller, account, version), blankToNull(model)));
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/** {@code {"count": n}} (API.md). */
	record PredictionCount(long count) {
	}

	/**
	 * @param model the model, all models when absent
	 * @param window how far back, e.g. {@code 1h} (default
	 * {@code ingress.metrics.default-range})
	 * @param account one account's traffic (admin only; an account may name only itself)
	 */
	record AggregatedRequest(@JsonAlias( {
			"model_name", "modelName" }) @Nullable String model,
			@JsonAlias({ "time_window", "timeWindow" }) @Nullable String window,
			@JsonAlias("account_id") @Nullable String account){
	}

}
