package dev.pipeline.analyst.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.pipeline.analyst.gemini.GeminiAnswer;
import dev.pipeline.analyst.gemini.GeminiReportWriter;
import dev.pipeline.analyst.snapshot.MetricsSnapshot;
import dev.pipeline.analyst.snapshot.MetricsSnapshotReader;
import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.reports.AnalysisReportStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Answers an {@link AnalysisRequest} with a report, cache first. On a miss exactly one
 * request across all instances computes (it holds the {@link ReportLock}, reads the cache
 * once more, reads the snapshot, asks Gemini or writes the rule-based report, fills the
 * cache and announces it); the others wait for its announcement ({@link ReportHandoff})
 * and read the cache. A waiter that waits longer than {@code maxWait} writes a rule-based
 * report of its own rather than hang.
 */
@Service
public class PerformanceAnalyst {

	private static final Logger log = LoggerFactory.getLogger(PerformanceAnalyst.class);

	private final MetricsSnapshotReader snapshots;

	private final GeminiReportWriter gemini;

	private final AnalysisReportStore reports;

	private final ReportLock lock;

	private final ReportHandoff handoff;

	private final ReportProperties properties;

	private final MeterRegistry meters;

	private final Clock clock;

	PerformanceAnalyst(MetricsSnapshotReader snapshots, GeminiReportWriter gemini, AnalysisReportStore reports,
			ReportLock lock, ReportHandoff handoff, ReportProperties properties, MeterRegistry meters) {
		this.snapshots = snapshots;
		this.gemini = gemini;
		this.reports = reports;
		this.lock = lock;
		this.handoff = handoff;
		this.properties = properties;
		this.meters = meters;
		this.clock = Clock.systemUTC();
	}

	/**
	 * @throws IllegalArgumentException when the window is not a valid window
	 */
	public AnalysisReport report(AnalysisRequest request) {
		AnalysisWindow window = AnalysisWindow.parse(request.window())
			.orElseThrow(() -> new IllegalArgumentException("Not a report window: " + request.window()));
		Instant requestedAt = request.requestedAt() != null ? request.requestedAt() : this.clock.instant();
		Served served;
		if (!PerformancePrompt.isPlainModelName(request.model())) {
			// Neither Gemini nor the cache sees such a name; the requester still gets an
			// answer.
			served = new Served(notAnalysed(request.model(), window), false);
		}
		else {
			ReportCacheKey key = ReportCacheKey.of(request.model(), window, request.accountId(), requestedAt);
			try {
				served = obtain(key, window);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				served = new Served(ruleBased(key, window, "the analyst was interrupted while waiting"), false);
			}
		}
		AnalysisReport report = new AnalysisReport(AnalysisReport.SCHEMA_VERSION, request.id(), served.report().model(),
				served.report().window(), served.report().source(), served.cached(), served.report().generatedAt(),
				served.report().report(), served.report().metrics());
		this.reports.putById(report, this.properties.byIdTtl());
		this.meters.counter("analyst.reports", "source", report.source(), "cached", String.valueOf(report.cached()))
			.increment();
		return report;
	}

	private Served obtain(ReportCacheKey key, AnalysisWindow window) throws InterruptedException {
		String hash = key.hash();
		long deadline = System.nanoTime() + this.properties.maxWait().toNanos();
		while (true) {
			try (ReportHandoff.Waiter waiter = this.handoff.register(hash)) {
				Optional<AnalysisReport> cached = this.reports.find(key);
				if (cached.isPresent()) {
					return new Served(cached.get(), true);
				}
				Optional<String> token = this.lock.tryAcquire(hash, this.properties.lockTtl());
				if (token.isPresent()) {
					return lead(key, window, hash, token.get());
				}
				Duration left = Duration.ofNanos(deadline - System.nanoTime());
				if (left.isNegative() || left.isZero()) {
					log.warn("Waited {} for report {} in vain; writing a rule-based one", this.properties.maxWait(),
							hash);
					return new Served(ruleBased(key, window, "the report in progress elsewhere took too long"), false);
				}
				// Woken by the holder's announcement; at the latest when its lock would
				// expire.
				Duration lockLeft = this.lock.remaining(hash).plusMillis(20);
				waiter.await(lockLeft.compareTo(left) < 0 ? lockLeft : left);
			}
		}
	}

	private Served lead(ReportCacheKey key, AnalysisWindow window, String hash, String token) {
		try {
			// Another instance may have filled the cache between our read and our lock.
			Optional<AnalysisReport> cached = this.reports.find(key);
			if (cached.isPresent()) {
				return new Served(cached.get(), true);
			}
			AnalysisReport report = compute(key, window);
			Duration ttl = AnalysisReport.SOURCE_GEMINI.equals(report.source()) ? this.properties.cacheTtl()
					: this.properties.fallbackTtl();
			this.reports.put(key, report, ttl);
			return new Served(report, false);
		}
		finally {
			if (!this.lock.release(hash, token)) {
				log.warn("The lock of report {} expired before its computation ended; raise analyst.reports.lock-ttl",
						hash);
			}
			this.handoff.announce(hash);
		}
	}

	private AnalysisReport compute(ReportCacheKey key, AnalysisWindow window) {
		MetricsSnapshot snapshot = this.snapshots.read(key.model(), window, accountOf(key), key.bucket());
		GeminiAnswer answer = this.gemini.write(PerformancePrompt.SYSTEM_INSTRUCTION,
				PerformancePrompt.forSnapshot(snapshot));
		this.meters.counter("analyst.gemini.calls").increment(answer.upstreamCalls());
		if (answer instanceof GeminiAnswer.Written written) {
			return report(snapshot, AnalysisReport.SOURCE_GEMINI, written.markdown());
		}
		String reason = ((GeminiAnswer.Unavailable) answer).reason();
		return report(snapshot, AnalysisReport.SOURCE_RULE_BASED, RuleBasedReport.write(snapshot, reason));
	}

	private AnalysisReport ruleBased(ReportCacheKey key, AnalysisWindow window, String reason) {
		MetricsSnapshot snapshot = this.snapshots.read(key.model(), window, accountOf(key), key.bucket());
		return report(snapshot, AnalysisReport.SOURCE_RULE_BASED, RuleBasedReport.write(snapshot, reason));
	}

	private AnalysisReport notAnalysed(String model, AnalysisWindow window) {
		String markdown = """
				## Summary
				Not analysed: the request names no plain model name (1 to 128 of the characters \
				A-Z a-z 0-9 . _ -), so it names no served model.
				""";
		return new AnalysisReport(AnalysisReport.SCHEMA_VERSION, "", model, window.canonical(),
				AnalysisReport.SOURCE_RULE_BASED, false, this.clock.instant(), markdown,
				PipelineJson.mapper().createObjectNode());
	}

	private AnalysisReport report(MetricsSnapshot snapshot, String source, String markdown) {
		return new AnalysisReport(AnalysisReport.SCHEMA_VERSION, "", snapshot.model(), snapshot.window(), source, false,
				this.clock.instant(), markdown, PipelineJson.mapper().valueToTree(snapshot));
	}

	private static @Nullable String accountOf(ReportCacheKey key) {
		return ReportCacheKey.ALL_ACCOUNTS.equals(key.accountScope()) ? null : key.accountScope();
	}

	private record Served(AnalysisReport report, boolean cached) {
	}

}
