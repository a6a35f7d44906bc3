package dev.pipeline.ingress.analysis;

import java.util.Optional;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The ingress' read side of the analyst's Redis: reports by cache key (answered without Kafka)
 * and by request id (the poll endpoint), plus the ingress' own record of which account asked
 * for a report id, so a poll can tell "pending" from "unknown" and "not yours".
 */
@Component
class ReportStore {

	private static final String REQUEST_PREFIX = "analysis:request:";

	private final StringRedisTemplate redis;

	private final AnalysisProperties properties;

	ReportStore(StringRedisTemplate redis, AnalysisProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	Optional<AnalysisReport> cached(ReportCacheKey key) {
		return read(key.redisKey());
	}

	Optional<AnalysisReport> byId(String id) {
		return read(ReportCacheKey.byIdKey(id));
	}

	/** Remembers who asked for report {@code id}; {@code *} when nobody in particular. */
	void requested(String id, String owner) {
		this.redis.opsForValue().set(REQUEST_PREFIX + id, owner, this.properties.requestTtl());
	}

	Optional<String> owner(String id) {
		return Optional.ofNullable(this.redis.opsForValue().get(REQUEST_PREFIX + id));
	}

	private Optional<AnalysisReport> read(String key) {
		return Optional.ofNullable(this.redis.opsForValue().get(key))
			.map((json) -> PipelineJson.mapper().readValue(json, AnalysisReport.class));
	}

}
