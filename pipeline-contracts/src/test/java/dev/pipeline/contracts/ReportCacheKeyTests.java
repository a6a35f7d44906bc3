package dev.pipeline.contracts;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCacheKeyTests {

	static final Instant AT = Instant.parse("2026-03-01T12:34:56Z");

	@Test
	void shouldParseWindowsAndRejectOthers() {
		assertThat(AnalysisWindow.parse("15m"))
			.hasValueSatisfying((w) -> assertThat(w.duration()).isEqualTo(Duration.ofMinutes(15)));
		assertThat(AnalysisWindow.parse("1H")).hasValueSatisfying((w) -> assertThat(w.canonical()).isEqualTo("1h"));
		assertThat(AnalysisWindow.parse("90s")).hasValueSatisfying((w) -> assertThat(w.canonical()).isEqualTo("90s"));
		assertThat(AnalysisWindow.parse("7d")).isPresent();
		assertThat(AnalysisWindow.parse("30s")).isEmpty();
		assertThat(AnalysisWindow.parse("31d")).isEmpty();
		assertThat(AnalysisWindow.parse("1w")).isEmpty();
		assertThat(AnalysisWindow.parse("0h")).isEmpty();
		assertThat(AnalysisWindow.parse("one hour")).isEmpty();
	}

	@Test
	void shouldGiveEquivalentWindowsTheSameKey() {
		ReportCacheKey sixtyMinutes = ReportCacheKey.of("sentiment", AnalysisWindow.parse("60m").orElseThrow(), null,
				AT);
		ReportCacheKey oneHour = ReportCacheKey.of("sentiment", AnalysisWindow.parse("1h").orElseThrow(), null,
				AT.plusSeconds(3));

		assertThat(sixtyMinutes.hash()).isEqualTo(oneHour.hash());
		assertThat(sixtyMinutes.bucket()).isEqualTo(Instant.parse("2026-03-01T12:34:00Z"));
		assertThat(sixtyMinutes.hash()).matches("[0-9a-f]{64}");
	}

	@Test
	void shouldSeparateEverythingTheReportDependsOn() {
		AnalysisWindow hour = AnalysisWindow.parse("1h").orElseThrow();
		String key = ReportCacheKey.of("sentiment", hour, null, AT).hash();

		assertThat(ReportCacheKey.of("kalman", hour, null, AT).hash()).isNotEqualTo(key);
		assertThat(ReportCacheKey.of("sentiment", AnalysisWindow.parse("2h").orElseThrow(), null, AT).hash())
			.isNotEqualTo(key);
		assertThat(ReportCacheKey.of("sentiment", hour, "acct-1", AT).hash()).isNotEqualTo(key);
		assertThat(ReportCacheKey.of("sentiment", hour, null, AT.plusSeconds(60)).hash()).isNotEqualTo(key);
		assertThat(
				new ReportCacheKey("sentiment", "1h", "*", ReportCacheKey.bucketOf(AT), "performance-report/v0").hash())
			.isNotEqualTo(key);
	}

	@Test
	void shouldNotLetAValueImitateASeparator() {
		ReportCacheKey plain = new ReportCacheKey("a", "1h", "*", AT, "p");
		ReportCacheKey forged = new ReportCacheKey("a|window:2:1h", "1h", "*", AT, "p");

		assertThat(plain.canonical()).isNotEqualTo(forged.canonical());
	}

}
