package dev.pipeline.analyst.gemini;

import java.time.Duration;

import dev.pipeline.analyst.AnalystIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiQuotaTests extends AnalystIntegrationTest {

	@Autowired
	GeminiQuota quota;

	@Autowired
	GeminiProperties properties;

	@Autowired
	StringRedisTemplate redis;

	@BeforeEach
	void emptyQuota() {
		this.redis.delete(this.properties.quotaKey());
	}

	@Test
	void shouldGrantTheConfiguredCallsPerWindowThenSayWhenOneFreesUp() {
		for (int i = 1; i <= this.properties.quotaCalls(); i++) {
			GeminiQuota.Decision decision = this.quota.tryAcquire();
			assertThat(decision.granted()).isTrue();
			assertThat(decision.remaining()).isEqualTo(this.properties.quotaCalls() - i);
		}

		GeminiQuota.Decision denied = this.quota.tryAcquire();

		assertThat(denied.granted()).isFalse();
		assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(this.properties.quotaWindow());
		// A denial is not recorded as a call: the window still holds exactly the granted
		// ones.
		assertThat(this.redis.opsForZSet().size(this.properties.quotaKey())).isEqualTo(this.properties.quotaCalls());
		assertThat(this.redis.getExpire(this.properties.quotaKey())).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(60).toSeconds());
	}

}
