package dev.pipeline.ingress.replica;

import java.time.Clock;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds {@link ReplicaReads}: the primary's pool always, the replica's when
 * {@code ingress.read-replica.url} is set. The replica's pool is not a {@code DataSource}
 * bean, so Boot's own DataSource, JdbcTemplate, transaction manager and Flyway stay on
 * the primary exactly as before.
 */
@Configuration(proxyBeanMethods = false)
class ReadReplicaConfiguration {

	/** Closed with the context, and the replica's pool with it. */
	@Bean
	ReplicaReads replicaReads(JdbcTemplate jdbcTemplate, JdbcClient jdbcClient, PlatformTransactionManager transactions,
			ReadReplicaProperties properties, DataSourceProperties primaryProperties) {
		ReadSource primary = new ReadSource("primary", jdbcTemplate, jdbcClient, readOnly(transactions));
		HikariDataSource pool = properties.configured() ? pool(properties, primaryProperties) : null;
		ReadSource replica = (pool != null) ? source(pool) : null;
		return new ReplicaReads(primary, replica, pool, properties, Clock.systemUTC());
	}

	private static HikariDataSource pool(ReadReplicaProperties properties, DataSourceProperties primary) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("read-replica");
		pool.setJdbcUrl(properties.url());
		pool.setUsername((properties.username() != null) ? properties.username() : primary.determineUsername());
		pool.setPassword((properties.password() != null) ? properties.password() : primary.determinePassword());
		// The driver sets the session read-only: a write that strays here fails at once.
		pool.setReadOnly(true);
		pool.setMaximumPoolSize(properties.maximumPoolSize());
		pool.setMinimumIdle(1);
		pool.setConnectionTimeout(properties.connectionTimeout().toMillis());
		pool.setValidationTimeout(properties.validationTimeout().toMillis());
		pool.addDataSourceProperty("connectTimeout", properties.connectTimeout().toSeconds());
		pool.addDataSourceProperty("socketTimeout", properties.socketTimeout().toSeconds());
		// Starting without the replica is fine: reads go to the primary until it is back.
		pool.setInitializationFailTimeout(-1);
		return pool;
	}

	private static ReadSource source(HikariDataSource pool) {
		JdbcTemplate template = new JdbcTemplate(pool);
		return new ReadSource("replica", template, JdbcClient.create(template),
				readOnly(new DataSourceTransactionManager(pool)));
	}

	private static TransactionTemplate readOnly(PlatformTransactionManager transactions) {
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(true);
		return template;
	}

}
