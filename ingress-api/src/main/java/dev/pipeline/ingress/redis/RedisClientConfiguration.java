package dev.pipeline.ingress.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Redis commands fail at once while the connection is down, instead of queueing
 * until the command timeout: the per-request decisions have local fallbacks
 * ({@link RedisAvailability}), so waiting for a dead Redis would only add seconds to
 * requests that can be served anyway. Analysis reports have no fallback, and for them it
 * turns an outage into an immediate 503.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Lettuce backs off reconnecting up to 30 s by default, so after a long outage the
	 * ingress kept deciding alone for up to half a minute after Redis was back (seen in
	 * the fault harness). Capped at one second: a reconnect attempt is one TCP connect to
	 * loopback or a nearby host, cheap enough to make every second.
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectWithinASecond() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
	}

}
