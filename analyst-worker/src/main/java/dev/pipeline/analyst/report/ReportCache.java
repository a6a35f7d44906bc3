package dev.pipeline.analyst.report;

import java.time.Duration;
import java.util.Optional;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reports in Redis as contract JSON: by cache key (what the ingress reads to answer
 * without Kafka) and by request id (what its poll endpoint reads after a 202).
 */
@Component
class ReportCache {

	private final StringRedisTemplate redis;

	private final ReportProperties properties;

	ReportCache(StringRedisTemplate redis, ReportProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	Optional<AnalysisReport> find(ReportCacheKey key) {
		String json = this.redis.opsForValue().get(key.redisKey());
		return Optional.ofNullable(json).map((text) -> PipelineJson.mapper().readValue(text, AnalysisReport.class));
	}

	void put(ReportCacheKey key, AnalysisReport report, Duration ttl) {
		this.redis.opsForValue().set(key.redisKey(), PipelineJson.mapper().writeValueAsString(report), ttl);
	}

	void putById(AnalysisReport report) {
		this.redis.opsForValue()
			.set(ReportCacheKey.byIdKey(report.id()), PipelineJson.mapper().writeValueAsString(report),
					this.properties.byIdTtl());
	}

}
