package dev.pipeline.reports;

import java.time.Duration;
import java.util.Optional;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The one owner of the Redis keys of analysis reports, all plain strings:
 * <ul>
 * <li>{@code analysis:report:<sha256>}: a report as contract JSON, by the hash of its
 * {@link ReportCacheKey}; written by the analyst, read by both services (the ingress
 * answers a hit without Kafka);</li>
 * <li>{@code analysis:report-id:<id>}: the report that answered request {@code id},
 * written by the analyst, read by the ingress' poll endpoint;</li>
 * <li>{@code analysis:request:<id>}: who asked for report {@code id} (an account id, or
 * {@link ReportCacheKey#ALL_ACCOUNTS}), written once by the ingress so a poll can tell
 * "pending" from "unknown" and "not yours".</li>
 * </ul>
 * Each writer passes the TTL: how long a report stays cached depends on how it was made,
 * which is the analyst's policy, not the layout's. Redis failures come out as Spring's
 * {@link org.springframework.dao.DataAccessException}, for each service to answer in its
 * own way. Not a component: each service declares it as a bean.
 */
public class AnalysisReportStore {

	private static final String REPORT_PREFIX = "analysis:report:";

	private static final String BY_ID_PREFIX = "analysis:report-id:";

	private static final String REQUESTER_PREFIX = "analysis:request:";

	private final StringRedisTemplate redis;

	public AnalysisReportStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The cached report of {@code key}, if there is one. */
	public Optional<AnalysisReport> find(ReportCacheKey key) {
		return read(REPORT_PREFIX + key.hash());
	}

	/** Caches {@code report} under {@code key} for {@code ttl}, replacing any other. */
	public void put(ReportCacheKey key, AnalysisReport report, Duration ttl) {
		write(REPORT_PREFIX + key.hash(), report, ttl);
	}

	/** The report that answered request {@code id}, once the analyst is done with it. */
	public Optional<AnalysisReport> findById(String id) {
		return read(BY_ID_PREFIX + id);
	}

	/**
	 * Keeps {@code report} readable by its {@link AnalysisReport#id()} for {@code ttl}.
	 */
	public void putById(AnalysisReport report, Duration ttl) {
		write(BY_ID_PREFIX + report.id(), report, ttl);
	}

	/**
	 * Remembers for {@code ttl} that {@code requester} asked for report {@code id}. The
	 * record is written once ({@code SET NX}) and never replaced: no later request can
	 * change a report's owner.
	 * @throws IllegalStateException when the id already has a requester (ids are random
	 * UUIDs, so this would be a bug, never a client's doing)
	 */
	public void recordRequester(String id, String requester, Duration ttl) {
		Boolean recorded = this.redis.opsForValue().setIfAbsent(REQUESTER_PREFIX + id, requester, ttl);
		if (!Boolean.TRUE.equals(recorded)) {
			throw new IllegalStateException("report id " + id + " already has an owner");
		}
	}

	/** Who asked for report {@code id}; empty when nobody did (or it was long ago). */
	public Optional<String> requester(String id) {
		return Optional.ofNullable(this.redis.opsForValue().get(REQUESTER_PREFIX + id));
	}

	private Optional<AnalysisReport> read(String key) {
		return Optional.ofNullable(this.redis.opsForValue().get(key))
			.map((json) -> PipelineJson.mapper().readValue(json, AnalysisReport.class));
	}

	private void write(String key, AnalysisReport report, Duration ttl) {
		this.redis.opsForValue().set(key, PipelineJson.mapper().writeValueAsString(report), ttl);
	}

}
