package dev.pipeline.ingress.analysis;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.model.UnknownModelProblem;
import dev.pipeline.ingress.quota.QuotaCharge;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.ingress.reply.PendingReply;
import dev.pipeline.ingress.system.ApiProblem;
import dev.pipeline.ingress.system.RequestIdFilter;
import dev.pipeline.ingress.system.WaitPreference;
import dev.pipeline.reports.AnalysisReportStore;
import dev.pipeline.ingress.system.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
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
 * {@code POST /analyze/performance}): a cache hit is answered from Redis with no Kafka
 * round trip; a miss goes to the analyst over Kafka and is answered when the report comes
 * back within the wait budget ({@link WaitPreference}, as for predictions), else 202 with
 * a {@code Location} to poll. The body is checked by Bean Validation on
 * {@link PerformanceAnalysisRequest}.
 *
 * <p>
 * Only models the catalogue serves are analysed (anything else is a 404, as for
 * predictions): a model name ends up in the analyst's prompt and in a cache key, and
 * every distinct name would cost a Gemini call of the shared quota. Each analysis costs
 * the caller one unit of its own quota, given back when the request could not be queued.
 * A report's id is the request's server-made id ({@link RequestIdFilter#ids}), never
 * taken from the client, so no client can name (and so take over or overwrite) another
 * account's report; the client's {@code X-Request-Id} stays a correlation id of the
 * response only.
 */
@RestController
@Tag(name = "Analysis", description = "Performance reports on a model's recent metrics")
class AnalysisController {

	/** What one analysis costs of the caller's quota (docs/accounts.md). */
	static final int UNITS = 1;

	private final AnalysisReportStore store;

	private final AnalystClient analyst;

	private final ModelCatalog catalog;

	private final QuotaGate quota;

	private final AnalysisProperties properties;

	private final Clock clock = Clock.systemUTC();

	AnalysisController(AnalysisReportStore store, AnalystClient analyst, ModelCatalog catalog, QuotaGate quota,
			AnalysisProperties properties) {
		this.store = store;
		this.analyst = analyst;
		this.catalog = catalog;
		this.quota = quota;
		this.properties = properties;
	}

	@PostMapping({ "/v1/analysis/performance", "/analyze/performance" })
	@Operation(operationId = "analyzePerformance", summary = "A performance report on a model",
			description = "From the cache, or written by the analyst within the wait budget (Prefer: wait=<seconds>), "
					+ "else 202: poll the Location. One quota unit.")
	@ApiResponse(responseCode = "200", description = "The report",
			content = @Content(schema = @Schema(implementation = PerformanceReportBody.class)))
	@ApiResponse(responseCode = "202", description = "Being written: poll the Location",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/analysis/{id}"),
			content = @Content(schema = @Schema(implementation = PendingReportBody.class)))
	@ProblemResponses(404)
	ResponseEntity<AnalysisAnswer> analyze(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					schema = @Schema(implementation = PerformanceAnalysisRequest.class),
					examples = @ExampleObject(name = "sentiment",
							value = "{\"model\": \"sentiment\", \"window\": \"1h\"}"))) @Valid @RequestBody PerformanceAnalysisRequest body,
			@Parameter(description = "RFC 7240: wait=<seconds> or respond-async") @RequestHeader(
					name = WaitPreference.PREFER, required = false) @Nullable String prefer,
			Caller caller, HttpServletRequest request) {
		String model = Objects.requireNonNull(body.model());
		requireServed(model);
		WaitPreference preference = WaitPreference.of(prefer, this.properties.defaultWait(), this.properties.maxWait());
		String id = RequestIdFilter.ids(request).serverId();
		QuotaCharge charge = this.quota.chargeFor(caller, UNITS, id);
		charge.take();
		ResponseEntity<AnalysisAnswer> answer;
		try {
			answer = answer(id, model, body.analysisWindow(), preference.budget(), caller);
		}
		catch (RuntimeException ex) {
			// Nothing was queued (a report store or Kafka failure): the caller pays
			// nothing.
			charge.giveBack();
			throw ex;
		}
		return withPreferenceApplied(answer, preference);
	}

	@GetMapping("/v1/analysis/{id}")
	@Operation(operationId = "getAnalysis", summary = "A report, or 202 while it is being written")
	@ApiResponse(responseCode = "200", description = "The report",
			content = @Content(schema = @Schema(implementation = PerformanceReportBody.class)))
	@ApiResponse(responseCode = "202", description = "Still being written",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/v1/analysis/{id}"),
			content = @Content(schema = @Schema(implementation = PendingReportBody.class)))
	@ProblemResponses(404)
	ResponseEntity<AnalysisAnswer> poll(@PathVariable String id, Caller caller) {
		Optional<String> owner = this.store.requester(id);
		if (owner.isEmpty() || !mayRead(owner.get(), caller)) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"No analysis report with id " + id + ".");
		}
		Optional<AnalysisReport> report = this.store.findById(id);
		if (report.isPresent()) {
			return ok(id, report.get(), report.get().cached());
		}
		return pending(id);
	}

	/**
	 * Answers a validated, charged request: from the cache, or through the analyst within
	 * {@code wait}.
	 */
	private ResponseEntity<AnalysisAnswer> answer(String id, String model, AnalysisWindow window, Duration wait,
			Caller caller) {
		String accountId = scope(caller);
		Instant now = this.clock.instant();
		Optional<AnalysisReport> cached = this.store.find(ReportCacheKey.of(model, window, accountId, now));
		if (cached.isPresent()) {
			return ok(id, cached.get(), true);
		}
		AnalysisRequest request = new AnalysisRequest(AnalysisRequest.SCHEMA_VERSION, id, model, window.canonical(),
				accountId, now, now.plus(wait));
		this.store.recordRequester(id, ownerOf(caller), this.properties.requestTtl());
		Optional<PendingReply<AnalysisReport>> sent = this.analyst.ask(request, wait.plusSeconds(1));
		@Nullable AnalysisReport report = sent.map((reply) -> reply.await(Duration.between(this.clock.instant(), now.plus(wait))))
			.orElse(null);
		return (report == null) ? pending(id) : ok(id, report, report.cached());
	}

	private void requireServed(String model) {
		if (this.catalog.find(model).isEmpty()) {
			throw new UnknownModelProblem(model);
		}
	}

	private static ResponseEntity<AnalysisAnswer> ok(String id, AnalysisReport report, boolean cached) {
		return ResponseEntity.ok().body(PerformanceReportBody.of(id, report, cached));
	}

	private static ResponseEntity<AnalysisAnswer> pending(String id) {
		return ResponseEntity.accepted()
			.location(URI.create("/v1/analysis/" + id))
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(PendingReportBody.pending(id));
	}

	/**
	 * Says which {@code Prefer} the answer honoured, whether it came from the cache or
	 * the analyst.
	 */
	private static ResponseEntity<AnalysisAnswer> withPreferenceApplied(ResponseEntity<AnalysisAnswer> answer,
			WaitPreference preference) {
		if (preference.applied() == null) {
			return answer;
		}
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.header(WaitPreference.PREFERENCE_APPLIED, preference.applied())
			.body(answer.getBody());
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
