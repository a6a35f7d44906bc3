package dev.pipeline.ingress.quota;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.ratelimit.RateLimitDecision;
import dev.pipeline.ingress.ratelimit.RateLimitPolicy;
import dev.pipeline.ingress.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what the rate limit and quota checks add to a request against the shared
 * Redis, as the filters and the prediction path call them: one GCRA script over two
 * policies, then one quota charge. Prints median and p99; asserts only that every check
 * admitted its request (no timing assertions). Numbers for docs/accounts.md come from the
 * test output file.
 */
class LimitAndQuotaCostTests extends IngressIntegrationTest {

	private static final int WARM_UP = 1_000;

	private static final int MEASURED = 5_000;

	@Autowired
	RateLimiter limiter;

	@Autowired
	QuotaGate quota;

	@Test
	void shouldMeasureTheCostOfTheChecksPerRequest() {
		TestAccount account = createAccount(1_000_000, 1_000_000);
		Caller caller = new Caller(account.id(), false);
		String tag = UUID.randomUUID().toString();
		List<RateLimitPolicy> policies = List.of(
				new RateLimitPolicy("per-account", "cost:account:" + tag, 1_000_000, Duration.ofMinutes(1)),
				new RateLimitPolicy("per-ip", "cost:ip:" + tag, 1_000_000, Duration.ofMinutes(1)));
		long[] rateLimit = new long[MEASURED];
		long[] charge = new long[MEASURED];
		long[] both = new long[MEASURED];
		int admitted = 0;

		for (int i = 0; i < WARM_UP + MEASURED; i++) {
			long start = System.nanoTime();
			RateLimitDecision decision = this.limiter.acquire(policies);
			long limited = System.nanoTime();
			this.quota.charge(caller, 1, UUID.randomUUID().toString());
			long charged = System.nanoTime();
			if (i >= WARM_UP) {
				rateLimit[i - WARM_UP] = limited - start;
				charge[i - WARM_UP] = charged - limited;
				both[i - WARM_UP] = charged - start;
				admitted += (decision.allowed() && !decision.local()) ? 1 : 0;
			}
		}

		System.out.printf(
				"%nLimit-and-quota check cost, %d sequential requests after %d warm-up, shared Redis on loopback%n",
				MEASURED, WARM_UP);
		System.out.printf("%-28s %10s %10s %10s%n", "check", "p50 (us)", "p99 (us)", "max (us)");
		print("rate limit (GCRA, 2 policies)", rateLimit);
		print("quota charge", charge);
		print("both", both);
		assertThat(admitted).isEqualTo(MEASURED);
	}

	private static void print(String name, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf("%-28s %10.1f %10.1f %10.1f%n", name, sorted[sorted.length / 2] / 1000.0,
				sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1000.0, sorted[sorted.length - 1] / 1000.0);
	}

}
