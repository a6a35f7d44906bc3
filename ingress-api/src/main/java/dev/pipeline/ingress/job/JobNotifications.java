package dev.pipeline.ingress.job;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens for job changes ({@code NOTIFY job_events}, schema V16_1: a result stored, a
 * job expired) on one PostgreSQL connection of this instance and hands each changed job
 * id to the {@link JobEventStreams}. Whichever instance a client's stream is open on, it
 * hears of the change, because PostgreSQL tells every listener; the notification carries
 * only the id, the state is read from the primary.
 *
 * <p>
 * The connection is its own, opened with the primary's URL and credentials
 * ({@link JdbcConnectionDetails}, so whatever points Boot's pool somewhere points it
 * there too) but outside the pool: held for as long as the instance listens, a pooled one
 * would leave requests one connection short and hide from the pool's metrics and
 * timeouts. An instance therefore uses the pool's connections plus this one. When it
 * fails (PostgreSQL restarted, the network dropped it) the instance listens again after
 * {@code ingress.jobs.events.listen-retry} and then has every open stream look again:
 * notifications sent meanwhile are lost, the changes they announced are not. A quiet
 * connection is checked with a query every few seconds, since waiting for notifications
 * alone would not notice a server that went silent.
 */
@Component
class JobNotifications implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobNotifications.class);

	static final String CHANNEL = "job_events";

	/** How long one wait for notifications lasts; below the socket timeout. */
	private static final int WAIT_MILLIS = 1000;

	/** How often a quiet connection is checked with a query. */
	private static final Duration CHECK_EVERY = Duration.ofSeconds(5);

	/**
	 * Seconds to open the connection: the pool's {@code connectTimeout}, for the same
	 * reason (an unreachable server costs a retry seconds, not TCP's minutes).
	 */
	private static final int CONNECT_TIMEOUT_SECONDS = 2;

	/**
	 * Seconds any read may take, the check query's included: the pool's
	 * {@code socketTimeout}, so a server gone silent is noticed within
	 * {@link #CHECK_EVERY} plus this. The waits for notifications set their own, shorter
	 * timeout.
	 */
	private static final int SOCKET_TIMEOUT_SECONDS = 5;

	/** How the connection shows in {@code pg_stat_activity}. */
	private static final String APPLICATION_NAME = "ingress-job-notifications";

	private final PGSimpleDataSource connections;

	private final JobEventStreams streams;

	private final JobEventsProperties properties;

	private final JobEventMeters meters;

	private volatile boolean running;

	private volatile boolean listening;

	/** Whether a listen now is a reconnect; only the listener thread uses it. */
	private boolean listenedBefore;

	private @Nullable Thread listener;

	JobNotifications(JdbcConnectionDetails primary, JobEventStreams streams, JobEventsProperties properties,
			JobEventMeters meters) {
		this.connections = connections(primary);
		this.streams = streams;
		this.properties = properties;
		this.meters = meters;
	}

	/** Opens a plain driver connection each time: nothing pooled. */
	private static PGSimpleDataSource connections(JdbcConnectionDetails primary) {
		PGSimpleDataSource connections = new PGSimpleDataSource();
		connections.setURL(primary.getJdbcUrl());
		connections.setUser(primary.getUsername());
		connections.setPassword(primary.getPassword());
		connections.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
		connections.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
		// Meant to live for days: the kernel's keep-alive probes keep it known to
		// firewalls and NAT on the way and let the kernel drop it when the peer is gone.
		connections.setTcpKeepAlive(true);
		connections.setApplicationName(APPLICATION_NAME);
		return connections;
	}

	/** Whether the instance is listening right now (for tests and logs). */
	boolean listening() {
		return this.listening;
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::listenUntilStopped, "job-notifications");
		thread.setDaemon(true);
		thread.start();
		this.listener = thread;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		this.listener = null;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(WAIT_MILLIS * 2L);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listenUntilStopped() {
		while (this.running) {
			try (Connection connection = this.connections.getConnection()) {
				listen(connection);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				if (this.listening) {
					log.warn("Lost the PostgreSQL connection that listens for job changes; listening again in {}: {}",
							this.properties.listenRetry(), ex.getMessage());
				}
				else {
					log.debug("Could not listen for job changes: {}", ex.getMessage());
				}
			}
			finally {
				this.listening = false;
			}
			if (this.running) {
				pause();
			}
		}
	}

	private void listen(Connection connection) throws SQLException {
		PGConnection postgres = connection.unwrap(PGConnection.class);
		try (Statement statement = connection.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		this.listening = true;
		if (this.listenedBefore) {
			this.meters.reconnected();
		}
		this.listenedBefore = true;
		// Whatever changed while nobody listened here is read now.
		this.streams.changedAll();
		long checkedAt = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
			if (notifications != null && notifications.length > 0) {
				for (PGNotification notification : notifications) {
					this.streams.changed(notification.getParameter());
				}
				checkedAt = System.nanoTime();
			}
			else if (System.nanoTime() - checkedAt > CHECK_EVERY.toNanos()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("SELECT 1");
				}
				checkedAt = System.nanoTime();
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(this.properties.listenRetry().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

}
