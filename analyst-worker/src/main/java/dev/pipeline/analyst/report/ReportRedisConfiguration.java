package dev.pipeline.analyst.report;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.pipeline.reports.AnalysisReportStore;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The reports' Redis beans: the store shared with the ingress (pipeline-reports) and the
 * one Redis pub/sub connection of this instance (see {@link ReportHandoff}).
 */
@Configuration(proxyBeanMethods = false)
class ReportRedisConfiguration {

	@Bean
	AnalysisReportStore analysisReportStore(StringRedisTemplate redis) {
		return new AnalysisReportStore(redis);
	}

	@Bean
	RedisMessageListenerContainer redisMessageListenerContainer(RedisConnectionFactory connectionFactory) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		return container;
	}

	/**
	 * Lettuce backs off reconnecting up to 30 s by default, so after a long outage the
	 * reports, their locks, the pub/sub hand-off and the Gemini quota stayed unavailable
	 * for up to half a minute after Redis was back. Capped at one second, as in the
	 * ingress.
	 */
	@Bean
	ClientResourcesBuilderCustomizer reconnectWithinASecond() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
	}

}
