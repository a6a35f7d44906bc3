package dev.pipeline.benchmark.chaos;

import java.time.Duration;

/**
 * How long each phase of a fault lasts.
 *
 * @param before steady load before the fault is injected
 * @param down how long a killed service stays down before its restart
 * @param outage how long a server (Redis, PostgreSQL) stays stopped
 * @param after load kept up after the repair, for the recovery to show
 * @param drain how long the reconciliation waits for results and windows to catch up
 * @param deadline the most a fault may take, load and reconciliation included
 */
record ChaosTiming(Duration before, Duration down, Duration outage, Duration after, Duration drain, Duration deadline) {

	static ChaosTiming standard() {
		return new ChaosTiming(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(60),
				Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofMinutes(8));
	}

	static ChaosTiming quick() {
		return new ChaosTiming(Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(10),
				Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofMinutes(4));
	}

	ChaosTiming withOutage(Duration outage) {
		return new ChaosTiming(this.before, this.down, outage, this.after, this.drain, this.deadline);
	}

	static void pause(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

}
