package dev.pipeline.aggregator.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.pipeline.servers.PostgresServer;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the shared PostgreSQL: refused data is singled out row by row, an unreachable
 * database is thrown (for the container to retry), never mistaken for bad data.
 */
class RowByRowFallbackTests {

	private static final String INSERT = "INSERT INTO metrics_thresholds (model) VALUES (?)";

	@Test
	void shouldWriteTheRowsThatFitAndReportTheOthersWithTheirReason() {
		JdbcTemplate jdbc = jdbc(SharedTestServers.get().jdbcUrl());
		String prefix = "fallback-" + UUID.randomUUID();
		List<String> models = List.of(prefix + "-1", prefix + "-" + "x".repeat(200), prefix + "-2",
				prefix + "-nul\u0000", prefix + "-3");

		Map<String, String> refused = RowByRowFallback.write(models, rows -> jdbc.batchUpdate(INSERT, rows, rows.size(),
				(statement, model) -> statement.setString(1, model)));

		assertThat(refused).containsOnlyKeys(models.get(1), models.get(3));
		assertThat(refused.get(models.get(1))).contains("too long");
		assertThat(jdbc.queryForList("SELECT model FROM metrics_thresholds WHERE model LIKE ?", String.class,
				prefix + "%"))
			.containsExactlyInAnyOrder(models.get(0), models.get(2), models.get(4));
	}

	@Test
	void shouldThrowWhenTheDatabaseCannotBeReachedInsteadOfRefusingTheRows() {
		// Nothing listens on port 1: the database is "down", the rows are fine.
		JdbcTemplate down = jdbc("jdbc:postgresql://localhost:1/postgres?connectTimeout=2");

		assertThatThrownBy(() -> RowByRowFallback.write(List.of("a", "b"),
				rows -> down.batchUpdate(INSERT, rows, rows.size(),
						(statement, model) -> statement.setString(1, model))))
			.isInstanceOf(CannotGetJdbcConnectionException.class);
	}

	private static JdbcTemplate jdbc(String url) {
		return new JdbcTemplate(new DriverManagerDataSource(url, PostgresServer.USER, ""));
	}

}
