package dev.pipeline.ingress.job;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The instance listens for job changes on a connection of its own, not one of the pool's:
 * requests keep every pooled connection while streams are open, and the pool's metrics
 * show only what requests use.
 */
class JobNotificationsTests extends PredictionPathTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	JobNotifications notifications;

	@Test
	void shouldListenWithoutHoldingAPooledConnection() throws Exception {
		HikariDataSource pool = this.dataSource.unwrap(HikariDataSource.class);
		String id = Http.json(this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"[silent] listened\"]}"))
			.path("id")
			.asString();
		await().atMost(Duration.ofSeconds(30)).until(this.notifications::listening);

		try (EventStreamClient stream = EventStreamClient.open(this.port, "/v1/jobs/" + id + "/events", "Authorization",
				"Bearer " + this.account.apiKey())) {
			assertThat(stream.nextEvent().id()).isEqualTo("1");

			// Background work (relay, reaper, webhooks) borrows connections briefly; with
			// the listener on one of them the count never came back to 0.
			await().atMost(Duration.ofSeconds(10)).until(() -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
			List<Connection> borrowed = new ArrayList<>();
			try {
				for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
					borrowed.add(pool.getConnection());
				}
				assertThat(borrowed).hasSize(pool.getMaximumPoolSize());
				assertThat(this.notifications.listening()).isTrue();
			}
			finally {
				for (Connection connection : borrowed) {
					connection.close();
				}
			}
		}
	}

}
