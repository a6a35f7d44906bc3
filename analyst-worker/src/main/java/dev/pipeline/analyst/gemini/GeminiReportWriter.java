package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks Gemini to write a report, through the google-genai SDK with the SDK's own retries
 * switched off ({@code HttpRetryOptions.attempts = 1}): retrying is
 * {@link GeminiRetryPolicy}'s job, and every single upstream call is first charged to the
 * global {@link GeminiQuota}. Each call's timeout is {@code request-timeout} or what is
 * left of the report's {@code budget}, whichever is shorter, so a report that gets no
 * answer falls back within its budget. Never throws for an upstream problem: it answers
 * {@link GeminiAnswer.Unavailable} and the caller writes the rule-based report instead.
 */
@Component
public class GeminiReportWriter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(GeminiReportWriter.class);

	private final GeminiProperties properties;

	private final GeminiQuota quota;

	private final RetryAfterCapture retryAfter = new RetryAfterCapture();

	private final @Nullable Client client;

	GeminiReportWriter(GeminiProperties properties, GeminiQuota quota) {
		this.properties = properties;
		this.quota = quota;
		this.client = properties.enabled() ? client(properties, this.retryAfter) : null;
		log.info("Gemini reports {} (model {}, base URL {})", properties.enabled() ? "enabled" : "disabled: no API key",
				properties.model(), properties.baseUrl().isBlank() ? "SDK default" : properties.baseUrl());
	}

	private static Client client(GeminiProperties properties, RetryAfterCapture retryAfter) {
		HttpOptions.Builder http = HttpOptions.builder()
			.timeout(Math.toIntExact(properties.requestTimeout().toMillis()))
			.retryOptions(HttpRetryOptions.builder().attempts(1));
		if (!properties.baseUrl().isBlank()) {
			http.baseUrl(properties.baseUrl());
		}
		// The SDK builds on this client (adding its timeout and its retry interceptor,
		// here one attempt). OkHttp's own 10 s read, write and connect timeouts would cut
		// a
		// longer request-timeout short; each call's timeout covers all of them.
		Duration timeout = properties.requestTimeout();
		OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(retryAfter)
			.connectTimeout(timeout)
			.readTimeout(timeout)
			.writeTimeout(timeout)
			.build();
		return Client.builder()
			.apiKey(properties.apiKey())
			.httpOptions(http.build())
			.clientOptions(ClientOptions.builder().customHttpClient(okHttp).build())
			.build();
	}

	/**
	 * @param systemInstruction the standing instructions
	 * @param prompt the request, aggregates included
	 */
	public GeminiAnswer write(String systemInstruction, String prompt) {
		Client gemini = this.client;
		if (gemini == null) {
			return new GeminiAnswer.Unavailable("no Gemini API key is configured", 0);
		}
		CallLog calls = new CallLog();
		GenerateContentConfig config = GenerateContentConfig.builder()
			.systemInstruction(Content.fromParts(Part.fromText(systemInstruction)))
			.temperature(0.2f)
			.maxOutputTokens(this.properties.maxOutputTokens())
			.build();
		RetryTemplate retry = new RetryTemplate(new GeminiRetryPolicy(this.properties, calls,
				(bound) -> bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1)));
		long started = System.nanoTime();
		try {
			String markdown = retry.execute(() -> attempt(gemini, prompt, config, calls, started));
			return new GeminiAnswer.Written(markdown, calls.upstreamCalls());
		}
		catch (RetryException ex) {
			Throwable last = ex.getCause();
			String reason = describe(last, calls);
			log.warn("Gemini gave no report after {} call(s): {}", calls.upstreamCalls(), reason);
			return new GeminiAnswer.Unavailable(reason, calls.upstreamCalls());
		}
	}

	private String attempt(Client gemini, String prompt, GenerateContentConfig config, CallLog calls, long started) {
		Duration left = this.properties.budget().minusNanos(System.nanoTime() - started);
		if (left.toMillis() <= 0) {
			throw new BudgetSpent();
		}
		boolean cut = left.compareTo(this.properties.requestTimeout()) < 0;
		Duration timeout = cut ? left : this.properties.requestTimeout();
		calls.lastCallCutByBudget(cut);
		GenerateContentConfig call = config.toBuilder()
			.httpOptions(HttpOptions.builder().timeout(Math.toIntExact(timeout.toMillis())))
			.build();
		GeminiQuota.Decision decision = this.quota.tryAcquire();
		if (!decision.granted()) {
			throw new QuotaSpent(decision.retryAfter());
		}
		calls.called();
		try {
			GenerateContentResponse response = gemini.models.generateContent(this.properties.model(), prompt, call);
			this.retryAfter.take();
			String text = response.text();
			if (text == null || text.isBlank()) {
				throw new EmptyAnswer(String.valueOf(response.finishReason()));
			}
			return text.strip();
		}
		catch (ApiException ex) {
			calls.answered(ex);
			calls.serverDelay(ServerRetryDelay.of(ex.message(), this.retryAfter.take()).orElse(null));
			throw ex;
		}
		catch (GenAiIOException ex) {
			this.retryAfter.take();
			calls.serverDelay(null);
			throw ex;
		}
	}

	private String describe(@Nullable Throwable failure, CallLog calls) {
		if (failure instanceof QuotaSpent spent) {
			return "the global Gemini quota (" + this.properties.quotaCalls() + " calls per "
					+ this.properties.quotaWindow().toSeconds() + " s) is spent; a call frees up in "
					+ Math.max(1, spent.retryAfter.toSeconds()) + " s";
		}
		if (failure instanceof ApiException api) {
			return answered(api) + " after " + calls.upstreamCalls() + " call(s)";
		}
		ApiException answered = calls.lastAnswer();
		boolean budgetRanOut = failure instanceof BudgetSpent
				|| (failure instanceof GenAiIOException && calls.cutByBudget());
		if (answered != null && budgetRanOut) {
			// What Gemini said before the budget ran out is what the operator needs to
			// know.
			return answered(answered) + ", then the budget (" + this.properties.budget().toSeconds()
					+ " s) ran out after " + calls.upstreamCalls() + " call(s)";
		}
		if (failure instanceof GenAiIOException) {
			return "Gemini could not be reached (" + rootMessage(failure) + ") after " + calls.upstreamCalls()
					+ " call(s)";
		}
		if (failure instanceof BudgetSpent) {
			return "the Gemini budget (" + this.properties.budget().toSeconds() + " s) was spent after "
					+ calls.upstreamCalls() + " call(s)";
		}
		if (failure instanceof EmptyAnswer empty) {
			return "Gemini returned no text (finish reason " + empty.getMessage() + ")";
		}
		return "Gemini failed: " + (failure == null ? "unknown" : failure.getMessage());
	}

	private static String answered(ApiException answer) {
		return "Gemini answered " + answer.code() + " " + answer.status();
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
	}

	@Override
	public void destroy() {
		if (this.client != null) {
			this.client.close();
		}
	}

	/** The quota said no: not retried, since the quota frees up on its own schedule. */
	private static final class QuotaSpent extends RuntimeException {

		private final Duration retryAfter;

		QuotaSpent(Duration retryAfter) {
			super("Gemini quota spent", null, false, false);
			this.retryAfter = retryAfter;
		}

	}

	/**
	 * No time left for another call (the retry template only refuses sleeps that overrun
	 * the budget, not a call that starts at its very end).
	 */
	private static final class BudgetSpent extends RuntimeException {

		BudgetSpent() {
			super("Gemini budget spent", null, false, false);
		}

	}

	/** Gemini answered 200 without text (e.g. a safety stop): not retried. */
	private static final class EmptyAnswer extends RuntimeException {

		EmptyAnswer(String finishReason) {
			super(finishReason, null, false, false);
		}

	}

}
