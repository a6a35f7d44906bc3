package dev.pipeline.ingress.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Threshold breaches recorded by the aggregator, newest first. An alert concerns a model
 * as a whole, not an account's traffic, so every caller may read them.
 */
@RestController
@Tag(name = "Metrics")
class AlertsController {

	private final MetricsAlertQueries alerts;

	private final MetricsApiProperties settings;

	AlertsController(MetricsAlertQueries alerts, MetricsApiProperties settings) {
		this.alerts = alerts;
		this.settings = settings;
	}

	@GetMapping("/v1/alerts")
	@Operation(operationId = "listAlerts", summary = "Threshold breaches, newest first")
	@ProblemResponses(422)
	Alerts alerts(@Parameter(
			description = "ISO-8601 instant; ingress.metrics.default-alerts-since ago when absent") @RequestParam(
					required = false) @Nullable String since,
			@Parameter(description = "The model; all models when absent") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = "At most this many (1 to ingress.metrics.max-alerts)") @RequestParam(
					required = false) @Nullable Integer limit) {
		Instant from = QueryParameters.instant("since", since);
		Instant start = (from != null) ? from : Clock.systemUTC().instant().minus(this.settings.defaultAlertsSince());
		if (limit != null && (limit < 1 || limit > this.settings.maxAlerts())) {
			throw QueryParameters.invalidParameter("limit",
					"limit must be between 1 and " + this.settings.maxAlerts() + ".");
		}
		String named = (model == null || model.isBlank()) ? null : model.trim();
		return new Alerts(start, this.alerts.since(start, named, (limit != null) ? limit : this.settings.maxAlerts()));
	}

	record Alerts(Instant since, List<MetricsAlertQueries.AlertView> alerts) {
	}

}
