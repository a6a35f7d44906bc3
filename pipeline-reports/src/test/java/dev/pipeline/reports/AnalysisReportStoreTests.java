package dev.pipeline.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisWindow;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.ReportCacheKey;
import dev.pipeline.servers.Ports;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The store against the shared real Redis. The key names are asserted literally: they are
 * the layout both services and every report already in Redis rely on.
 */
class AnalysisReportStoreTests {

	private static final Instant AT = Instant.parse("2026-01-01T12:34:56Z");

	static LettuceConnectionFactory connections;

	static StringRedisTemplate redis;

	static AnalysisReportStore store;

	@BeforeAll
	static void connect() {
		connections = connectTo(SharedTestServers.get().redisPort());
		redis = new StringRedisTemplate(connections);
		store = new AnalysisReportStore(redis);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void shouldKeepAReportUnderTheHashOfItsCacheKeyForItsTtl() {
		ReportCacheKey key = ReportCacheKey.of(uniqueModel(), AnalysisWindow.parse("1h").orElseThrow(), null, AT);
		AnalysisReport report = report("", key.model());

		store.put(key, report, Duration.ofSeconds(300));

		assertThat(store.find(key)).hasValue(report);
		String redisKey = "analysis:report:" + key.hash();
		assertThat(PipelineJson.mapper().readValue(redis.opsForValue().get(redisKey), AnalysisReport.class))
			.isEqualTo(report);
		assertThat(redis.getExpire(redisKey, TimeUnit.SECONDS)).isBetween(1L, 300L);
	}

	@Test
	void shouldFindNothingForAnotherCacheKey() {
		AnalysisWindow hour = AnalysisWindow.parse("1h").orElseThrow();
		String model = uniqueModel();
		store.put(ReportCacheKey.of(model, hour, null, AT), report("", model), Duration.ofSeconds(60));

		assertThat(store.find(ReportCacheKey.of(model, hour, "acct-1", AT))).isEmpty();
		assertThat(store.find(ReportCacheKey.of(model, hour, null, AT.plus(ReportCacheKey.BUCKET)))).isEmpty();
	}

	@Test
	void shouldKeepAReportUnderItsRequestIdForItsTtl() {
		String id = UUID.randomUUID().toString();
		AnalysisReport report = report(id, uniqueModel());

		store.putById(report, Duration.ofHours(1));

		assertThat(store.findById(id)).hasValue(report);
		assertThat(store.findById(UUID.randomUUID().toString())).isEmpty();
		assertThat(redis.getExpire("analysis:report-id:" + id, TimeUnit.SECONDS)).isBetween(1L, 3600L);
	}

	@Test
	void shouldRecordWhoAskedForAReportOnceAndNeverReplaceIt() {
		String id = UUID.randomUUID().toString();

		store.recordRequester(id, "acct-1", Duration.ofMinutes(10));

		assertThatIllegalStateException().isThrownBy(() -> store.recordRequester(id, "acct-2", Duration.ofMinutes(10)));
		assertThat(store.requester(id)).hasValue("acct-1");
		assertThat(store.requester(UUID.randomUUID().toString())).isEmpty();
		assertThat(redis.getExpire("analysis:request:" + id, TimeUnit.SECONDS)).isBetween(1L, 600L);
	}

	@Test
	void shouldLetRedisFailuresThroughAsDataAccessExceptions() {
		LettuceConnectionFactory nowhere = connectTo(Ports.free());
		try {
			AnalysisReportStore unreachable = new AnalysisReportStore(new StringRedisTemplate(nowhere));

			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> unreachable.requester("any"));
		}
		finally {
			nowhere.destroy();
		}
	}

	private static LettuceConnectionFactory connectTo(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("localhost", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static String uniqueModel() {
		return "model-" + UUID.randomUUID();
	}

	private static AnalysisReport report(String id, String model) {
		return new AnalysisReport(AnalysisReport.SCHEMA_VERSION, id, model, "1h", AnalysisReport.SOURCE_GEMINI, false,
				AT, "## Summary\nFine.", PipelineJson.mapper().createObjectNode().put("count", 42));
	}

}
