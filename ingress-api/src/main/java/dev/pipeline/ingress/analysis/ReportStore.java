package dev.pipeline.ingress.analysis;

import java.util.Optional;
import java.util.function.Supplier;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The ingress' read side of the analyst's Redis: reports by cache key (answered without
 * Kafka) and by report id (the poll endpoint), plus the ingress' own record of which
 * account asked for a report id, so a poll can tell "pending" from "unknown" and "not
 * yours". That record is written once and never replaced: no later request can change a
 * report's owner.
 *
 * <p>
 * Analysis has no fallback for Redis (the reports and their owners live only there), so
 * while Redis is unreachable every method throws a 503 problem with {@code Retry-After};
 * with Lettuce rejecting commands while disconnected that is immediate, and a Redis that
 * hangs costs at most the command timeout ({@code spring.data.redis.timeout}).
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

	/**
	 * Remembers who asked for report {@code id}; {@code *} when nobody in particular.
	 * @throws IllegalStateException when the id already has an owner (ids are random
	 * UUIDs, so this would be a bug, never a client's doing)
	 */
	void requested(String id, String owner) {
		Boolean recorded = available(
				() -> this.redis.opsForValue().setIfAbsent(REQUEST_PREFIX + id, owner, this.properties.requestTtl()));
		if (!Boolean.TRUE.equals(recorded)) {
			throw new IllegalStateException("report id " + id + " already has an owner");
		}
	}

	Optional<String> owner(String id) {
		return Optional.ofNullable(available(() -> this.redis.opsForValue().get(REQUEST_PREFIX + id)));
	}

	private Optional<AnalysisReport> read(String key) {
		return Optional.ofNullable(available(() -> this.redis.opsForValue().get(key)))
			.map((json) -> PipelineJson.mapper().readValue(json, AnalysisReport.class));
	}

	private static <T extends @Nullable Object> T available(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (DataAccessException ex) {
			ApiProblem problem = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "redis-unavailable",
					"Service unavailable", "The analysis report store is unavailable; try again shortly.")
				.header(HttpHeaders.RETRY_AFTER, "5");
			problem.initCause(ex);
			throw problem;
		}
	}

}
