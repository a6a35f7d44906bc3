package dev.pipeline.servers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PostgresReplicaTests {

	private final SharedTestServers servers = SharedTestServers.get();

	@Test
	void shouldStreamThePrimarysWritesAndRefuseItsOwn() throws Exception {
		PostgresReplica replica = this.servers.postgresReplica();
		String id = UUID.randomUUID().toString();
		try (Connection primary = connect(this.servers.jdbcUrl()); Connection standby = connect(replica.jdbcUrl())) {
			assertThat(single(standby, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
			// The schema came over in the base backup, the row through the WAL stream.
			primary.createStatement()
				.execute("INSERT INTO metrics_thresholds (model, max_error_rate) VALUES ('replica-" + id + "', 0.5)");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> single(standby,
						"SELECT count(*)::text FROM metrics_thresholds WHERE model = 'replica-" + id + "'"),
						"1"::equals);
			assertThat(single(primary,
					"SELECT state FROM pg_stat_replication WHERE application_name = 'pipeline_replica'"))
				.isEqualTo("streaming");
			assertThatThrownBy(() -> standby.createStatement().execute("DELETE FROM metrics_thresholds"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("read-only");
		}
	}

	private static Connection connect(String url) throws SQLException {
		return DriverManager.getConnection(url, PostgresServer.USER, "");
	}

	private static String single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

}
