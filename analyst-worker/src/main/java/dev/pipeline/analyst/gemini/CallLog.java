package dev.pipeline.analyst.gemini;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one report's upstream calls: how many, and the server's last retry
 * delay.
 */
final class CallLog {

	private int upstreamCalls;

	private @Nullable Duration serverDelay;

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

}
