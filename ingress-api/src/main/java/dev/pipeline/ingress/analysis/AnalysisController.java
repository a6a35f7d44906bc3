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
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
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
 *
 * <p>Only models the catalogue serves are analysed (anything else is a 404, as for
 * predictions): a model name ends up in the analyst's prompt and in a cache key, and every
 * distinct name would cost a Gemini call of the shared quota. Each analysis costs the caller
 * one unit of its own quota, given back when the request could not be queued. Report ids are
 * made here, never taken from the client, so no client can name (and so take over or overwrite)
 * another account's report; the client's {@code X-Request-Id} stays a correlation id of the
 * response only.
 */
@RestController
class AnalysisController {

	/** What one analysis costs of the caller's quota (docs/accounts.md). */
	static final int UNITS = 1;

	private static final String DEFAULT_WINDOW = "1h";

	private static final int MAX_MODEL_LENGTH = 128;

	private static final int MAX_WINDOW_LENGTH = 16;

	private final ReportStore store;

	private final AnalystClient analyst;

	private final ModelCatalog catalog;

	private final ObjectProvider<QuotaGate> quota;

	private final AnalysisProperties properties;

	private final Clock clock = Clock.systemUTC();

	AnalysisController(ReportStore store, AnalystClient analyst, ModelCatalog catalog, ObjectProvider<QuotaGate> quota,
			AnalysisProperties properties) {
		this.store = store;
		this.analyst = analyst;
		this.catalog = catalog;
		this.quota = quota;
		this.properties = properties;
	}

	@PostMapping({ "/v1/analysis/performance", "/analyze/performance" })
	ResponseEntity<?> analyze(@RequestBody PerformanceAnalysisRequest body,
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer, Caller caller) {
		String model = body.model() == null ? null : body.model().strip();
		AnalysisWindow window = validated(model, body.window());
		requireServed(model);
		QuotaGate gate = this.quota.getIfAvailable();
		if (gate != null) {
			gate.charge(caller, UNITS);
		}
		try {
			return answer(model, window, prefer, caller);
		}
		catch (RuntimeException ex) {
			// Nothing was queued (a report store or Kafka failure): the caller pays nothing.
			if (gate != null) {
				gate.refund(caller, UNITS);
			}
			throw ex;
		}
	}

	@GetMapping("/v1/analysis/{id}")
	ResponseEntity<?> poll(@PathVariable String id, Caller caller) {
		Optional<String> owner = this.store.owner(id);
		if (owner.isEmpty() || !mayRead(owner.get(), caller)) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No analysis report with id " + id + ".");
		}
		Optional<AnalysisReport> report = this.store.byId(id);
		if (report.isPresent()) {
			return ok(id, report.get(), report.get().cached());
		}
		return pending(id);
	}

	/** Answers a validated, charged request: from the cache, or through the analyst. */
	private ResponseEntity<?> answer(String model, AnalysisWindow window, @Nullable String prefer,
			Caller caller) {
		String id = UUID.randomUUID().toString();
		String accountId = scope(caller);
		Instant now = this.clock.instant();
		Optional<AnalysisReport> cached = this.store.cached(ReportCacheKey.of(model, window, accountId, now));
		if (cached.isPresent()) {
			return ok(id, cached.get(), true);
		}
		Duration wait = WaitPreference.of(prefer, this.properties.defaultWait(), this.properties.maxWait());
		AnalysisRequest request = new AnalysisRequest(AnalysisRequest.SCHEMA_VERSION, id, model, window.canonical(),
				accountId, now, now.plus(wait));
		this.store.requested(id, ownerOf(caller));
		AnalystClient.PendingReport sent;
		try {
			sent = this.analyst.send(request, wait.plusSeconds(1));
		}
		catch (AnalystClient.KafkaUnavailable ex) {
			throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Service unavailable",
					"The analysis request could not be queued; try again shortly.")
				.header(HttpHeaders.RETRY_AFTER, "5");
		}
		AnalysisReport report = sent.await(Duration.between(this.clock.instant(), now.plus(wait)));
		return (report == null) ? pending(id) : ok(id, report, report.cached());
	}

	private static AnalysisWindow validated(@Nullable String model, @Nullable String window) {
		List<Map<String, Object>> errors = new ArrayList<>();
		if (model == null || model.isEmpty()) {
			errors.add(Map.of("field", "model", "message", "is required"));
		}
		else if (model.length() > MAX_MODEL_LENGTH) {
			errors.add(Map.of("field", "model", "message", "is longer than " + MAX_MODEL_LENGTH + " characters"));
		}
		String text = (window == null) ? DEFAULT_WINDOW : window;
		Optional<AnalysisWindow> parsed = (text.length() > MAX_WINDOW_LENGTH) ? Optional.empty()
				: AnalysisWindow.parse(text);
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

	private void requireServed(String model) {
		if (this.catalog.find(model).isEmpty()) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "unknown-model", "Unknown model",
					"No model named '" + model + "' is served; GET /v1/models lists them.")
				.with("model", model);
		}
	}

	private static ResponseEntity<PerformanceReportBody> ok(String id, AnalysisReport report, boolean cached) {
		return ResponseEntity.ok().body(PerformanceReportBody.of(id, report, cached));
	}

	private static ResponseEntity<PendingReportBody> pending(String id) {
		return ResponseEntity.accepted()
			.location(URI.create("/v1/analysis/" + id))
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(PendingReportBody.pending(id));
	}

	private @Nullable String scope(Caller caller) {
		return (this.properties.perAccount() && !caller.admin()) ? caller.accountId() : null;
	}

	private static String ownerOf(Caller caller) {
		return caller.admin() ? ReportCacheKey.ALL_ACCOUNTS : caller.accountId();
	}

	private static boolean mayRead(String owner, Caller caller) {
		return ReportCacheKey.ALL_ACCOUNTS.equals(owner) || caller.mayActFor(owner);
	}

}
