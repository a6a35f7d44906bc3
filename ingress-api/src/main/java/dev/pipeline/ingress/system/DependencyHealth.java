package dev.pipeline.ingress.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Checks Kafka, PostgreSQL and Redis in parallel, each with a short timeout, so a dead
 * dependency makes the health answer "DOWN" quickly instead of hanging it.
 */
@Component
class DependencyHealth implements DisposableBean {

	static final String UP = "UP";

	static final String DOWN = "DOWN";

	private final Admin kafka;

	private final DataSource dataSource;

	private final RedisConnectionFactory redis;

	private final Duration timeout;

	private final ExecutorService checks = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "ingress-health-check");
		thread.setDaemon(true);
		return thread;
	});

	DependencyHealth(KafkaProperties kafkaProperties, DataSource dataSource, RedisConnectionFactory redis,
			HttpEdgeProperties properties) {
		Map<String, Object> adminConfig = new LinkedHashMap<>(kafkaProperties.buildAdminProperties());
		int timeoutMs = (int) properties.healthTimeout().toMillis();
		adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
		adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
		this.kafka = Admin.create(adminConfig);
		this.dataSource = dataSource;
		this.redis = redis;
		this.timeout = properties.healthTimeout();
	}

	/**
	 * UP or DOWN of each dependency by name; the public {@code /health} shows no more
	 * than that.
	 */
	Map<String, String> check() {
		Map<String, Future<?>> running = new LinkedHashMap<>();
		running.put("kafka", this.checks.submit(this::checkKafka));
		running.put("postgres", this.checks.submit(this::checkPostgres));
		running.put("redis", this.checks.submit(this::checkRedis));
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<String, String> states = new LinkedHashMap<>();
		running.forEach((name, future) -> states.put(name, await(future, deadline).get("status")));
		return states;
	}

	/**
	 * Kafka alone, for the actuator's health endpoint: {@code status} and, when down, a
	 * short {@code detail}.
	 */
	Map<String, String> checkKafkaOnly() {
		return await(this.checks.submit(this::checkKafka), System.nanoTime() + this.timeout.toNanos());
	}

	private Map<String, String> await(Future<?> future, long deadlineNanos) {
		try {
			future.get(Math.max(deadlineNanos - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
			return Map.of("status", UP);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of("status", DOWN, "detail", "interrupted");
		}
		catch (java.util.concurrent.TimeoutException ex) {
			future.cancel(true);
			return Map.of("status", DOWN, "detail", "no answer within " + this.timeout.toMillis() + " ms");
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return Map.of("status", DOWN, "detail", cause.getClass().getSimpleName());
		}
	}

	private Object checkKafka() throws Exception {
		return this.kafka.describeCluster(new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis()))
			.nodes()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private Object checkPostgres() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isValid((int) Math.max(1, this.timeout.toSeconds()))) {
				throw new IllegalStateException("connection not valid");
			}
			return Boolean.TRUE;
		}
	}

	private Object checkRedis() {
		try (RedisConnection connection = this.redis.getConnection()) {
			return connection.ping();
		}
	}

	@Override
	public void destroy() {
		this.kafka.close(Duration.ofSeconds(1));
		this.checks.shutdownNow();
	}

}
