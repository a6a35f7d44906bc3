package dev.pipeline.analyst.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pipeline.analyst.AnalystIntegrationTest;
import dev.pipeline.analyst.AnalystWorkerApplication;
import dev.pipeline.analyst.gemini.FakeGemini;
import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many identical requests at once, spread over two analyst instances (two application
 * contexts sharing Redis): one upstream call, one report for everybody.
 */
class ReportStampedeTests extends AnalystIntegrationTest {

	static final int CALLERS = 50;

	static ConfigurableApplicationContext secondInstance;

	@Autowired
	PerformanceAnalyst firstAnalyst;

	@BeforeAll
	static void startSecondInstance() {
		secondInstance = new SpringApplicationBuilder(AnalystWorkerApplication.class).web(WebApplicationType.NONE)
			// As command-line arguments: they outrank application.yml, as the test's
			// dynamic properties do.
			.run(properties().entrySet()
				.stream()
				.map((e) -> "--" + e.getKey() + "=" + e.getValue())
				.toArray(String[]::new));
	}

	@AfterAll
	static void stopSecondInstance() {
		if (secondInstance != null) {
			secondInstance.close();
		}
	}

	@Test
	void shouldCallGeminiOnceForManyConcurrentIdenticalRequestsAcrossInstances() throws Exception {
		// Slow enough that every caller arrives while the first one is still computing.
		gemini.latency(Duration.ofMillis(800)).otherwise(FakeGemini.success("## Summary\nOne report for all."));
		PerformanceAnalyst secondAnalyst = secondInstance.getBean(PerformanceAnalyst.class);
		String model = "stampede-" + UUID.randomUUID();
		Instant requestedAt = Instant.now();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		List<Future<AnalysisReport>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < CALLERS; i++) {
				PerformanceAnalyst analyst = (i % 2 == 0) ? this.firstAnalyst : secondAnalyst;
				AnalysisRequest request = new AnalysisRequest(AnalysisRequest.SCHEMA_VERSION,
						UUID.randomUUID().toString(), model, "1h", null, requestedAt, null);
				answers.add(callers.submit(() -> {
					start.await();
					return analyst.report(request);
				}));
			}
			start.countDown();
			List<AnalysisReport> reports = new ArrayList<>();
			for (Future<AnalysisReport> answer : answers) {
				reports.add(answer.get());
			}

			assertThat(gemini.calls()).hasSize(1);
			assertThat(reports).hasSize(CALLERS)
				.allSatisfy((report) -> assertThat(report.source()).isEqualTo(AnalysisReport.SOURCE_GEMINI))
				.allSatisfy((report) -> assertThat(report.report()).isEqualTo("## Summary\nOne report for all."))
				.allSatisfy((report) -> assertThat(report.generatedAt()).isEqualTo(reports.get(0).generatedAt()));
			assertThat(reports).filteredOn((report) -> !report.cached()).hasSize(1);
			assertThat(reports).extracting(AnalysisReport::id).doesNotHaveDuplicates();
		}
		finally {
			callers.shutdownNow();
		}
	}

}
