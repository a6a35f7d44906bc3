package dev.pipeline.analyst.gemini;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * When and how long to retry a Gemini call, for Spring Framework's core
 * {@code RetryTemplate}. Retried: 408, 429 and 5xx answers and I/O failures (timeouts,
 * resets). Not retried: other 4xx (a bad request or key does not get better) and anything
 * of ours (quota spent, empty answer). The backoff is exponential with FULL jitter: a
 * uniform draw in [0, cap], the cap doubling from {@code initialBackoff} up to
 * {@code maxBackoff}. A delay the server asked for is honoured instead: we wait that
 * delay plus up to one {@code initialBackoff} of jitter. The template's timeout is the
 * total budget and it refuses a sleep that would overrun it, so a server asking for more
 * time than is left ends the retries at once.
 *
 * <p>
 * One instance per report: it reads the server's delay from that report's
 * {@link CallLog}.
 */
final class GeminiRetryPolicy implements RetryPolicy {

	private final GeminiProperties properties;

	private final CallLog calls;

	private final LongUnaryOperator uniformUpTo;

	/**
	 * @param uniformUpTo draws a uniform long in [0, bound] for the given bound
	 */
	GeminiRetryPolicy(GeminiProperties properties, CallLog calls, LongUnaryOperator uniformUpTo) {
		this.properties = properties;
		this.calls = calls;
		this.uniformUpTo = uniformUpTo;
	}

	@Override
	public boolean shouldRetry(Throwable failure) {
		return isTransient(failure);
	}

	static boolean isTransient(Throwable failure) {
		if (failure instanceof ApiException api) {
			int code = api.code();
			return code == 408 || code == 429 || (code >= 500 && code <= 599);
		}
		return failure instanceof GenAiIOException;
	}

	@Override
	public Duration getTimeout() {
		return this.properties.budget();
	}

	@Override
	public BackOff getBackOff() {
		return FullJitter::new;
	}

	private final class FullJitter implements BackOffExecution {

		private int retries;

		@Override
		public long nextBackOff() {
			this.retries++;
			if (this.retries >= GeminiRetryPolicy.this.properties.maxAttempts()) {
				return STOP;
			}
			long initial = GeminiRetryPolicy.this.properties.initialBackoff().toMillis();
			Duration asked = GeminiRetryPolicy.this.calls.serverDelay();
			if (asked != null) {
				return asked.toMillis() + GeminiRetryPolicy.this.uniformUpTo.applyAsLong(initial);
			}
			long cap = Math.min(GeminiRetryPolicy.this.properties.maxBackoff().toMillis(),
					initial << Math.min(this.retries - 1, 20));
			return GeminiRetryPolicy.this.uniformUpTo.applyAsLong(cap);
		}

	}

}
