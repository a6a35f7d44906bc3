package dev.pipeline.analyst.report;

import dev.pipeline.reports.AnalysisReportStore;
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

}
