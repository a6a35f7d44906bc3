package dev.pipeline.ingress.redis;

import io.lettuce.core.ClientOptions;

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

}
