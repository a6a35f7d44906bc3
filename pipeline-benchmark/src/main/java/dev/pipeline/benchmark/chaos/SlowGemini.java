package dev.pipeline.benchmark.chaos;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.benchmark.stack.BenchmarkAccount;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.local.LocalStack;
import tools.jackson.databind.JsonNode;

/**
 * Fault 8: Gemini slow, then unreachable. Each phase sends a few performance analyses at
 * once, each for a window of its own (no cache hit), and measures how long each took to a
 * report and which source wrote it: every one must be a rule-based report within the
 * analyst's Gemini budget (20 s) plus the ingress's wait, without a pile-up.
 */
final class SlowGemini implements Fault {

	/** Analyses sent at once per phase. */
	private static final int ANALYSES = 4;

	/** How long a report may take before it counts as missing. */
	private static final Duration GIVE_UP = Duration.ofSeconds(90);

	/** The analyst's {@code analyst.gemini.budget}: every attempt and sleep. */
	private static final Duration BUDGET = Duration.ofSeconds(20);

	/** Kafka both ways, the snapshot and the rule-based report on a busy machine. */
	private static final Duration SLACK = Duration.ofSeconds(5);

	private final GeminiStandIn gemini;

	private final Map<String, Object> findings = new LinkedHashMap<>();

	private int window = 100;

	SlowGemini(GeminiStandIn gemini) {
		this.gemini = gemini;
	}

	@Override
	public int number() {
		return 8;
	}

	@Override
	public String name() {
		return "Gemini slow, then unreachable";
	}

	@Override
	public void inject(LocalStack stack, ChaosTiming timing) throws Exception {
		IngressClient client = new IngressClient(stack.ingressUrl(),
				BenchmarkAccount.create(stack.ingressUrl(), stack.settings().adminToken(), "chaos-8-analyst")
					.orElseThrow()
					.apiKey());
		this.gemini.slow();
		this.findings.put("slow", analyses(client));
		this.gemini.unreachable();
		this.findings.put("unreachable", analyses(client));
	}

	@Override
	public Map<String, Object> findings() {
		return this.findings;
	}

	private Map<String, Object> analyses(IngressClient client) {
		List<CompletableFuture<String>> running = new ArrayList<>();
		for (int i = 0; i < ANALYSES; i++) {
			String body = "{\"model\":\"sentiment\",\"window\":\"" + (this.window++) + "m\"}";
			running.add(CompletableFuture.supplyAsync(() -> analysis(client, body)));
		}
		Map<String, Object> phase = new LinkedHashMap<>();
		List<String> outcomes = running.stream().map(CompletableFuture::join).toList();
		phase.put("reports", outcomes);
		phase.put("allRuleBasedWithinBudget", outcomes.stream().allMatch(SlowGemini::ruleBasedInTime));
		return phase;
	}

	/** {@code "rule-based 21.3 s"}, or what came instead of a report. */
	private static String analysis(IngressClient client, String body) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> answer = client.post("/v1/analysis/performance", body, "Prefer", "wait=30");
			JsonNode report = PipelineJson.mapper().readTree(answer.body());
			if (answer.statusCode() == 202) {
				String id = report.path("id").asString();
				while (System.nanoTime() - started < GIVE_UP.toNanos()) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
					HttpResponse<String> polled = client.get("/v1/analysis/" + id);
					if (polled.statusCode() == 200) {
						report = PipelineJson.mapper().readTree(polled.body());
						if (!report.path("source").asString("").isEmpty()) {
							return describe(report, started);
						}
					}
				}
				return "no report after " + GIVE_UP.toSeconds() + " s";
			}
			if (answer.statusCode() != 200) {
				return MixedLoad.kind(answer);
			}
			return describe(report, started);
		}
		catch (Exception ex) {
			return "failed: " + ex;
		}
	}

	private static boolean ruleBasedInTime(String outcome) {
		String[] parts = outcome.split(" ");
		return parts.length == 3 && parts[0].equals("rule-based")
				&& Double.parseDouble(parts[1]) <= BUDGET.toSeconds() + SLACK.toSeconds();
	}

	private static String describe(JsonNode report, long started) {
		return String.format(Locale.ROOT, "%s %.1f s", report.path("source").asString(),
				(System.nanoTime() - started) / 1e9);
	}

}
