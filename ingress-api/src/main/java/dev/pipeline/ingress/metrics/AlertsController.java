package dev.pipeline.ingress.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Threshold breaches recorded by the aggregator, newest first. An alert concerns a model
 * as a whole, not an account's traffic, so every caller may read them.
 */
@RestController
class AlertsController {

	private final MetricsAlertQueries alerts;

	private final MetricsApiProperties settings;

	AlertsController(MetricsAlertQueries alerts, MetricsApiProperties settings) {
		this.alerts = alerts;
		this.settings = settings;
	}

	@GetMapping("/v1/alerts")
	Alerts alerts(@RequestParam(required = false) @Nullable String since,
			@RequestParam(required = false) @Nullable String model,
			@RequestParam(required = false) @Nullable Integer limit) {
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
