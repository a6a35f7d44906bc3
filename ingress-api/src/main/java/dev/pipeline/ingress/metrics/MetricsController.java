package dev.pipeline.ingress.metrics;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.pipeline.ingress.account.Caller;
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
class MetricsController {

	private final MetricsReports reports;

	MetricsController(MetricsReports reports) {
		this.reports = reports;
	}

	@GetMapping("/v1/metrics")
	MetricsReports.TimeSeries series(@RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String step,
			@RequestParam(required = false) @Nullable String account, Caller caller) {
		return this.reports.series(MetricsScope.of(caller, account), blankToNull(model),
				QueryParameters.instant("from", from), QueryParameters.instant("to", to),
				QueryParameters.duration("step", step));
	}

	@GetMapping("/v1/metrics/summary")
	MetricsView summary(@RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable String window,
			@RequestParam(required = false) @Nullable String account, Caller caller) {
		return this.reports.summary(MetricsScope.of(caller, account), blankToNull(model),
				QueryParameters.duration("window", window));
	}

	/**
	 * The seed's aggregated metrics: the summary, with the model and window in an
	 * optional body.
	 */
	@PostMapping("/metrics/aggregated")
	MetricsView aggregated(@RequestBody(required = false) @Nullable AggregatedRequest request, Caller caller) {
		AggregatedRequest body = (request != null) ? request : new AggregatedRequest(null, null, null);
		return this.reports.summary(MetricsScope.of(caller, body.account()), blankToNull(body.model()),
				QueryParameters.duration("window", body.window()));
	}

	@GetMapping({ "/v1/metrics/count", "/metrics/count" })
	Map<String, Long> count(@RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable String account, Caller caller) {
		return Map.of("count", this.reports.count(MetricsScope.of(caller, account), blankToNull(model)));
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
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
