package dev.pipeline.ingress.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.pipeline.ingress.system.PageRequest;
import dev.pipeline.ingress.system.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Threshold breaches recorded by the aggregator, newest first. An alert concerns a model
 * as a whole, not an account's traffic, so every caller may read them. Paged like every
 * list (docs/api.md "Lists").
 */
@RestController
@Tag(name = "Metrics")
class AlertsController {

	/** The list's name in its cursors. */
	private static final String LIST = "alerts";

	private final MetricsAlertQueries alerts;

	private final MetricsApiProperties settings;

	AlertsController(MetricsAlertQueries alerts, MetricsApiProperties settings) {
		this.alerts = alerts;
		this.settings = settings;
	}

	@GetMapping("/v1/alerts")
	@Operation(operationId = "listAlerts", summary = "Threshold breaches, newest first, a page at a time",
			description = "Keyset pagination: follow 'next' (or the Link header) until it is absent.")
	@ApiResponse(responseCode = "200", description = "One page",
			headers = @Header(name = HttpHeaders.LINK, description = "<...>; rel=\"next\" when another page follows"),
			content = @Content(schema = @Schema(implementation = Alerts.class)))
	ResponseEntity<Alerts> alerts(@Parameter(
			description = "ISO-8601 instant; ingress.metrics.default-alerts-since ago when absent") @RequestParam(
					required = false) @Nullable String since,
			@Parameter(description = "The model; all models when absent") @RequestParam(
					required = false) @Nullable String model,
			@Parameter(description = "Alerts per page, 1 to 500 (default 50)") @RequestParam(
					required = false) @Nullable Integer limit,
			@Parameter(description = "The 'next' of the previous page") @RequestParam(
					required = false) @Nullable String cursor,
			HttpServletRequest request) {
		PageRequest page = PageRequest.of(LIST, limit, cursor);
		Instant from = QueryParameters.instant("since", since);
		Instant start = (from != null) ? from : Clock.systemUTC().instant().minus(this.settings.defaultAlertsSince());
		String named = (model == null || model.isBlank()) ? null : model.trim();
		return page.page(LIST, this.alerts.since(start, named, page), MetricsAlertQueries::key)
			.respond(request, (alerts, next) -> new Alerts(start, alerts, next));
	}

	/**
	 * A page of alerts. The list is {@code alerts}, as before the lists were paged, where
	 * the other lists have {@code items}.
	 *
	 * @param since the start of the listed span
	 * @param next the cursor of the following page; {@code null} on the last
	 */
	record Alerts(Instant since, List<MetricsAlertQueries.AlertView> alerts, @Nullable String next) {
	}

}
