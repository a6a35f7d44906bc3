package dev.pipeline.analyst.gemini;

import java.time.Duration;

import com.google.genai.errors.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one report's upstream calls: how many, and the server's last retry
 * delay.
 */
final class CallLog {

	private int upstreamCalls;

	private @Nullable Duration serverDelay;

	private @Nullable ApiException lastAnswer;

	private boolean cutByBudget;

	void called() {
		this.upstreamCalls++;
	}

	int upstreamCalls() {
		return this.upstreamCalls;
	}

	void serverDelay(@Nullable Duration delay) {
		this.serverDelay = delay;
	}

	@Nullable Duration serverDelay() {
		return this.serverDelay;
	}

	/** Gemini answered a call with an error (it was reached). */
	void answered(ApiException answer) {
		this.lastAnswer = answer;
	}

	/** The last call's timeout was what was left of the budget, not the call timeout. */
	void lastCallCutByBudget(boolean cut) {
		this.cutByBudget = cut;
	}

	boolean cutByBudget() {
		return this.cutByBudget;
	}

	/** The last error Gemini answered, if any call reached it. */
	@Nullable ApiException lastAnswer() {
		return this.lastAnswer;
	}

}
