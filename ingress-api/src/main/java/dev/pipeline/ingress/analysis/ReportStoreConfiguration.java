package dev.pipeline.ingress.analysis;

import dev.pipeline.reports.AnalysisReportStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The analyst's reports and the ingress' record of who asked for them, read and written
 * through the store the analyst writes with (pipeline-reports). Its Redis failures reach
 * {@code ProblemHandler} as they are and are answered there like every other Redis
 * outage: 503 {@code redis-unavailable} with {@code Retry-After} (analysis has no
 * fallback for Redis).
 */
@Configuration(proxyBeanMethods = false)
class ReportStoreConfiguration {

	@Bean
	AnalysisReportStore analysisReportStore(StringRedisTemplate redis) {
		return new AnalysisReportStore(redis);
	}

}
