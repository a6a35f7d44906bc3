package dev.pipeline.ingress.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.pipeline.ingress.BlackHoleRelay;
import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.job.EventStreamClient.Event;
import dev.pipeline.servers.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job events with two ingress instances on one PostgreSQL: the shared application and a
 * second one, which reaches PostgreSQL through a relay the tests can cut. A result that
 * neither instance wrote (the metrics-aggregator's) reaches a stream whichever instance
 * serves it; the second instance keeps its streams alive, caps them, answers 503 while
 * PostgreSQL is unreachable, and after the outage delivers what changed meanwhile.
 */
class JobEventsAcrossInstancesTests extends PredictionPathTest {

	static BlackHoleRelay relay;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startSecondInstance() {
		relay = BlackHoleRelay.to(servers.postgres().port());
		second = startAnotherInstance(Map.of("spring.datasource.url",
				"jdbc:postgresql://localhost:" + relay.port() + "/" + PostgresServer.DATABASE,
				"ingress.jobs.events.keep-alive", "100ms", "ingress.jobs.events.max-streams", "1",
				"ingress.jobs.events.listen-retry", "100ms"));
	}

	@AfterEach
	void reconnect() {
		relay.restore();
	}

	@AfterAll
	static void stopSecondInstance() {
		second.close();
		relay.close();
	}

	@Test
	void shouldDeliverAResultToStreamsOnEitherInstanceAndKeepThemAlive() throws Exception {
		String id = submitUnansweredJob();
		awaitListening();

		try (EventStreamClient onSecond = open(portOf(second), id); EventStreamClient onFirst = open(this.port, id)) {
			assertThat(onSecond.nextEvent().data().path("status").asString()).isEqualTo("QUEUED");
			assertThat(onFirst.nextEvent().data().path("status").asString()).isEqualTo("QUEUED");
			assertThat(onSecond.nextComment().text()).isEqualTo("keep-alive");

			storeResult(id, "SUCCEEDED", "[]", Instant.now(), Instant.now(), this.account.id());

			Event onSecondDone = onSecond.nextEvent();
			assertThat(onSecondDone.id()).isEqualTo("2");
			assertThat(onSecondDone.data().path("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(onFirst.nextEvent().data().path("status").asString()).isEqualTo("SUCCEEDED");
			onSecond.awaitEnd();
			onFirst.awaitEnd();
		}
	}

	@Test
	void shouldRefuseAStreamBeyondTheInstancesCapWith503() throws Exception {
		String id = submitUnansweredJob();
		await().atMost(Duration.ofSeconds(10)).until(() -> second.getBean(JobEventStreams.class).openStreams() == 0);
		assertThat(openStreamsGauge()).isZero();
		double refusedBefore = refused("cap");

		try (EventStreamClient first = open(portOf(second), id)) {
			assertThat(first.nextEvent().id()).isEqualTo("1");
			assertThat(openStreamsGauge()).isEqualTo(1);

			try (EventStreamClient refused = open(portOf(second), id)) {
				assertThat(refused.response().statusCode()).isEqualTo(503);
				assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
				assertThat(refused.problem().path("type").asString())
					.isEqualTo("urn:pipeline:problem:too-many-streams");
			}
			assertThat(refused("cap")).isEqualTo(refusedBefore + 1);
		}
		// Closed by the client: the place is free again.
		await().atMost(Duration.ofSeconds(10)).until(() -> second.getBean(JobEventStreams.class).openStreams() == 0);
		assertThat(openStreamsGauge()).isZero();
	}

	@Test
	void shouldAnswer503WhilePostgresIsUnreachableAndCatchUpAfterwards() throws Exception {
		String id = submitUnansweredJob();
		String other = submitUnansweredJob();
		awaitListening();
		Http client = Http.withApiKey(portOf(second), this.account.apiKey());
		// Known to the instance, so authentication passes from its cache in the outage.
		assertThat(client.get("/v1/jobs/" + other).statusCode()).isEqualTo(200);
		double refusedBefore = refused("database-unavailable");
		double reconnectsBefore = reconnects();

		try (EventStreamClient stream = open(portOf(second), id)) {
			assertThat(stream.nextEvent().id()).isEqualTo("1");
			relay.blackHole();

			try (EventStreamClient refused = open(portOf(second), other)) {
				assertThat(refused.response().statusCode()).isEqualTo(503);
				assertThat(refused.response().headers().firstValue("Retry-After")).isPresent();
				assertThat(refused.problem().path("type").asString())
					.isEqualTo("urn:pipeline:problem:database-unavailable");
			}
			assertThat(refused("database-unavailable")).isEqualTo(refusedBefore + 1);
			// Stored while the second instance hears nothing from PostgreSQL.
			storeResult(id, "SUCCEEDED", "[]", Instant.now(), Instant.now(), this.account.id());
			relay.restore();

			Event done = stream.nextEvent();
			assertThat(done.id()).isEqualTo("2");
			assertThat(done.data().path("status").asString()).isEqualTo("SUCCEEDED");
			stream.awaitEnd();
		}
		// The listening connection was lost in the outage: the result came after it
		// listened again.
		assertThat(reconnects()).isGreaterThan(reconnectsBefore);
	}

	private static double openStreamsGauge() {
		return second.getBean(MeterRegistry.class).get("pipeline.job.events.streams").gauge().value();
	}

	private static double refused(String reason) {
		return second.getBean(MeterRegistry.class)
			.get("pipeline.job.events.refused")
			.tag("reason", reason)
			.counter()
			.count();
	}

	private static double reconnects() {
		return second.getBean(MeterRegistry.class).get("pipeline.job.notifications.reconnects").counter().count();
	}

	private void awaitListening() {
		await().atMost(Duration.ofSeconds(30)).until(() -> second.getBean(JobNotifications.class).listening());
	}

	private String submitUnansweredJob() {
		return Http.json(this.http.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"[silent] not answered\"]}"))
			.path("id")
			.asString();
	}

	private EventStreamClient open(int port, String id) throws Exception {
		return EventStreamClient.open(port, "/v1/jobs/" + id + "/events", "Authorization",
				"Bearer " + this.account.apiKey());
	}

}
