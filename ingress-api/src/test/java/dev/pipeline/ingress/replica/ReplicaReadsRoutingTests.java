package dev.pipeline.ingress.replica;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.pipeline.servers.PostgresServer;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which server {@link ReplicaReads} sends a read to, told by the server itself
 * ({@code pg_is_in_recovery()} is true only on the standby).
 */
class ReplicaReadsRoutingTests {

	private static final SharedTestServers servers = SharedTestServers.get();

	private static final String ON_STANDBY = "SELECT pg_is_in_recovery()";

	private final ReadSource primary = source("primary", servers.postgres().dataSource());

	private final ReadSource replica = source("replica",
			new DriverManagerDataSource(servers.postgresReplica().jdbcUrl(), PostgresServer.USER, ""));

	@Test
	void shouldReadThePrimaryWhenNoReplicaIsConfigured() {
		ReplicaReads reads = reads(null);

		assertThat(reads.read(ReplicaReadsRoutingTests::onStandby)).isFalse();
	}

	@Test
	void shouldReadTheReplicaButThePrimaryInsideATransaction() {
		ReplicaReads reads = reads(this.replica);

		assertThat(reads.read(ReplicaReadsRoutingTests::onStandby)).isTrue();
		Boolean inTransaction = new TransactionTemplate(
				new DataSourceTransactionManager(servers.postgres().dataSource()))
			.execute((status) -> reads.read(ReplicaReadsRoutingTests::onStandby));
		assertThat(inTransaction).isFalse();
	}

	@Test
	void shouldFindOnThePrimaryWhatTheReplicaDoesNotHave() {
		ReplicaReads reads = reads(this.replica);
		List<Boolean> asked = new ArrayList<>();

		Optional<Boolean> found = reads.find((source) -> {
			boolean standby = onStandby(source);
			asked.add(standby);
			return standby ? Optional.empty() : Optional.of(false);
		});

		assertThat(asked).containsExactly(true, false);
		assertThat(found).contains(false);
	}

	@Test
	void shouldSkipAReplicaThatFailedAndStreamFromThePrimary() {
		ReadSource down = source("replica",
				new DriverManagerDataSource("jdbc:postgresql://localhost:1/postgres", PostgresServer.USER, ""));
		ReplicaReads reads = reads(down);
		List<Boolean> streamed = new ArrayList<>();

		reads.stream((source) -> source.readOnly().executeWithoutResult((status) -> streamed.add(onStandby(source))));

		assertThat(streamed).containsExactly(false);
		// Skipped for the pause: the next read does not try it at all.
		List<String> tried = new ArrayList<>();
		boolean standby = reads.read((source) -> {
			tried.add(source.name());
			return onStandby(source);
		});
		assertThat(standby).isFalse();
		assertThat(tried).containsExactly("primary");
	}

	private ReplicaReads reads(ReadSource replica) {
		ReadReplicaProperties properties = new ReadReplicaProperties("jdbc:postgresql://replica", null, null, 1,
				Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
				Duration.ofMinutes(1));
		return new ReplicaReads(this.primary, replica, null, properties, Clock.systemUTC());
	}

	private static boolean onStandby(ReadSource source) {
		return Boolean.TRUE.equals(source.jdbcTemplate().queryForObject(ON_STANDBY, Boolean.class));
	}

	private static ReadSource source(String name, DataSource dataSource) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		return new ReadSource(name, template, JdbcClient.create(template), readOnly);
	}

}
