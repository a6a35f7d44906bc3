package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.pipeline.analyst.AnalystIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The writer on its own, with settings of its own, against the shared {@link FakeGemini}.
 */
class GeminiReportWriterTests extends AnalystIntegrationTest {

	@Autowired
	GeminiQuota quota;

	@Test
	void shouldBoundEachCallByWhatIsLeftOfTheBudget() throws Exception {
		gemini.neverAnswer();
		// One HTTP call may take 60 s, the whole report 1 s.
		GeminiProperties properties = new GeminiProperties("test-key", gemini.baseUrl(), "gemini-2.5-flash-lite",
				Duration.ofSeconds(60), 4, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1), 10,
				Duration.ofSeconds(60), "analysis:gemini-quota", 1024);
		GeminiReportWriter writer = new GeminiReportWriter(properties, this.quota);
		try {
			CompletableFuture<GeminiAnswer> answer = CompletableFuture
				.supplyAsync(() -> writer.write("system", "prompt"));

			// A hang guard, not a performance assertion: the budget is 1 s, a call that
			// only
			// its own 60 s timeout ended would take 60 s.
			await().atMost(Duration.ofSeconds(20)).until(answer::isDone);
			assertThat(answer.get()).isInstanceOfSatisfying(GeminiAnswer.Unavailable.class,
					(unavailable) -> assertThat(unavailable.reason()).contains("could not be reached"));
			// The SDK tells the server each call's timeout: what was left of the budget.
			assertThat(gemini.calls()).isNotEmpty()
				.allSatisfy((call) -> assertThat(call.serverTimeout()).isEqualTo("1"));
		}
		finally {
			writer.destroy();
		}
	}

}
