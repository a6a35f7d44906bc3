package dev.pipeline.ingress.analysis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/analysis/performance} (and its compatibility twin
 * {@code POST /analyze/performance}): a cache hit is answered from Redis with no Kafka round
 * trip; a miss goes to the analyst over Kafka and is answered when the report comes back within
 * the wait budget, else 202 with a {@code Location} to poll.
 */
@RestController
class AnalysisController {

	private static final String REQUEST_ID = "X-Request-Id";

	private static final String DEFAULT_WINDOW = "1h";

	private static final int MAX_MODEL_LENGTH = 128;

	private final ReportStore store;

	private final AnalystClient analyst;

	private final AnalysisProperties properties;

	private final Clock clock = Clock.systemUTC();

	AnalysisController(ReportStore store, AnalystClient analyst, AnalysisProperties properties) {
		this.store = store;
		this.analyst = analyst;
		this.properties = properties;
	}

	@PostMapping({ "/v1/analysis/performance", "/analyze/performance" })
	ResponseEntity<?> analyze(@RequestBody PerformanceAnalysisRequest body,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer, HttpServletRequest http,
			HttpServletResponse response) {
		String model = body.model() == null ? null : body.model().strip();
		AnalysisWindow window = validated(model, body.window());
		String id = requestId(http);
		if (!response.containsHeader(REQUEST_ID)) {
			// Unless a request-id filter already did: every response carries it (API.md).
			response.setHeader(REQUEST_ID, id);
		}
		String accountId = scope(http);
		Instant now = this.clock.instant();
		Optional<AnalysisReport> cached = this.store.cached(ReportCacheKey.of(model, window, accountId, now));
		if (cached.isPresent()) {
			return ok(id, cached.get(), true);
		}
		Duration wait = WaitPreference.of(prefer, this.properties.defaultWait(), this.properties.maxWait());
		AnalysisRequest request = new AnalysisRequest(AnalysisRequest.SCHEMA_VERSION, id, model, window.canonical(),
				accountId, now, now.plus(wait));
		this.store.requested(id, ownerOf(http));
		AnalystClient.PendingReport pending;
		try {
			pending = this.analyst.send(request, wait.plusSeconds(1));
		}
		catch (AnalystClient.KafkaUnavailable ex) {
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable", "Service unavailable",
					"The analysis request could not be queued; try again shortly.")
				.header("Retry-After", "5");
		}
		AnalysisReport report = pending.await(Duration.between(this.clock.instant(), now.plus(wait)));
		if (report == null) {
			return ResponseEntity.accepted()
				.location(URI.create("/v1/analysis/" + id))
				.header("Retry-After", "1")
				.body(PendingReportBody.pending(id));
		}
		return ok(id, report, report.cached());
	}

	@GetMapping("/v1/analysis/{id}")
	ResponseEntity<?> poll(@PathVariable String id, HttpServletRequest http) {
		Optional<String> owner = this.store.owner(id);
		if (owner.isEmpty() || !mayRead(owner.get(), http)) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No analysis report with id " + id + ".");
		}
		Optional<AnalysisReport> report = this.store.byId(id);
		if (report.isPresent()) {
			return ok(id, report.get(), report.get().cached());
		}
		return ResponseEntity.accepted()
			.location(URI.create("/v1/analysis/" + id))
			.header("Retry-After", "1")
			.body(PendingReportBody.pending(id));
	}

	private static AnalysisWindow validated(@Nullable String model, @Nullable String window) {
		List<Map<String, Object>> errors = new ArrayList<>();
		if (model == null || model.isEmpty()) {
			errors.add(Map.of("field", "model", "message", "is required"));
		}
		else if (model.length() > MAX_MODEL_LENGTH) {
			errors.add(Map.of("field", "model", "message", "is longer than " + MAX_MODEL_LENGTH + " characters"));
		}
		Optional<AnalysisWindow> parsed = AnalysisWindow.parse(window == null ? DEFAULT_WINDOW : window);
		if (parsed.isEmpty()) {
			errors.add(Map.of("field", "window", "message",
					"must be a count and a unit (s, m, h, d) between 1m and 30d, e.g. 15m, 1h, 7d"));
		}
		if (!errors.isEmpty()) {
			throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", "Invalid input",
					"The request is well-formed but some fields are invalid.")
				.with("errors", errors);
		}
		return parsed.get();
	}

	private static ResponseEntity<PerformanceReportBody> ok(String id, AnalysisReport report, boolean cached) {
		return ResponseEntity.ok().body(PerformanceReportBody.of(id, report, cached));
	}

	private @Nullable String scope(HttpServletRequest http) {
		Caller caller = Caller.of(http);
		return (this.properties.perAccount() && !caller.admin()) ? caller.accountId() : null;
	}

	private static String ownerOf(HttpServletRequest http) {
		Caller caller = Caller.of(http);
		return caller.admin() ? ReportCacheKey.ALL_ACCOUNTS : caller.accountId();
	}

	private static boolean mayRead(String owner, HttpServletRequest http) {
		Caller caller = Caller.of(http);
		return ReportCacheKey.ALL_ACCOUNTS.equals(owner) || caller.mayActFor(owner);
	}

	private static String requestId(HttpServletRequest http) {
		// The id the request-id filter chose and put on the response (it generates one when the
		// client sent none), so the report id always equals the response's X-Request-Id.
		if (http.getAttribute(RequestIdFilter.ATTRIBUTE) instanceof String id) {
			return id;
		}
		String given = http.getHeader(REQUEST_ID);
		return (given != null && given.matches("[A-Za-z0-9._:-]{1,128}")) ? given : UUID.randomUUID().toString();
	}

}
