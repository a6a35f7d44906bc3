package dev.pipeline.ingress.account;

import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.IngressIntegrationTest;
import dev.pipeline.ingress.TestRestClients;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class AccountApiTests extends IngressIntegrationTest {

	@Autowired
	KeyUsageRecorder keyUsage;

	@Autowired
	JdbcClient jdbc;

	RestClient admin() {
		return TestRestClients.builder()
			.baseUrl("http://localhost:" + this.serverPort)
			.defaultHeader("X-Admin-Token", ADMIN_TOKEN)
			.build();
	}

	RestClient anonymous() {
		return TestRestClients.create("http://localhost:" + this.serverPort);
	}

	@Test
	void shouldCreateAccountAndShowItsKeyOnlyOnce() {
		Reply created = send(admin().post()
			.uri("/v1/admin/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "acme-" + System.nanoTime(), "quotaLimit", 500, "ratePerMinute", 60)));

		assertThat(created.status()).isEqualTo(201);
		Map<String, Object> body = created.json();
		String id = (String) body.get("id");
		String apiKey = (String) body.get("apiKey");
		assertThat(apiKey).startsWith("pk_").hasSize(35);
		assertThat(body).containsEntry("quotaLimit", 500).containsEntry("ratePerMinute", 60);
		assertThat(created.header("Location")).isEqualTo("/v1/admin/accounts/" + id);

		Reply fetched = send(admin().get().uri("/v1/admin/accounts/{id}", id));
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.body()).doesNotContain(apiKey).doesNotContain("apiKey");
		List<?> keys = (List<?>) fetched.json().get("keys");
		assertThat(keys).hasSize(1);
		assertThat(((Map<?, ?>) keys.get(0)).get("prefix")).isEqualTo(apiKey.substring(0, 11));

		byte[] stored = this.jdbc.sql("SELECT key_hash FROM api_keys WHERE account_id = ?")
			.param(id)
			.query(byte[].class)
			.single();
		assertThat(stored).isEqualTo(ApiKeys.hash(apiKey));
	}

	@Test
	void shouldShowTheCallerItsOwnLimitsAndUsage() {
		TestAccount account = createAccount(500, 60);

		Reply reply = send(clientWithKey(account.apiKey()).get().uri("/v1/account"));

		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json()).containsEntry("id", account.id())
			.containsEntry("quotaLimit", 500)
			.containsEntry("quotaUsed", 0)
			.containsEntry("quotaRemaining", 500)
			.containsEntry("ratePerMinute", 60);
	}

	@Test
	void shouldAcceptTheKeyInTheXApiKeyHeader() {
		TestAccount account = createAccount(10, 60);

		Reply reply = send(anonymous().get().uri("/v1/account").header("X-API-Key", account.apiKey()));

		assertThat(reply.status()).isEqualTo(200);
	}

	@Test
	void shouldChangeLimits() {
		TestAccount account = createAccount(10, 60);

		Reply changed = send(admin().patch()
			.uri("/v1/admin/accounts/{id}", account.id())
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("quotaLimit", 20, "ratePerMinute", 30)));

		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json()).containsEntry("quotaLimit", 20).containsEntry("ratePerMinute", 30);
		Reply seenByOwner = send(clientWithKey(account.apiKey()).get().uri("/v1/account"));
		assertThat(seenByOwner.json()).containsEntry("quotaLimit", 20);
		assertThat(seenByOwner.header("RateLimit-Policy")).contains("\"per-account\";q=30;w=60");
	}

	@Test
	void shouldRefuseRevokedKeyAndAcceptItsReplacement() {
		TestAccount account = createAccount(10, 60);
		String oldKeyId = (String) ((Map<?, ?>) ((List<?>) send(
				admin().get().uri("/v1/admin/accounts/{id}", account.id()))
			.json()
			.get("keys")).get(0)).get("id");
		assertThat(send(clientWithKey(account.apiKey()).get().uri("/v1/account")).status()).isEqualTo(200);

		Reply issued = send(admin().post().uri("/v1/admin/accounts/{id}/keys", account.id()));
		Reply revoked = send(admin().delete().uri("/v1/admin/accounts/{id}/keys/{keyId}", account.id(), oldKeyId));

		assertThat(issued.status()).isEqualTo(201);
		assertThat(revoked.status()).isEqualTo(204);
		Reply withOldKey = send(clientWithKey(account.apiKey()).get().uri("/v1/account"));
		assertThat(withOldKey.status()).isEqualTo(401);
		assertThat(withOldKey.json()).containsEntry("type", "urn:pipeline:problem:invalid-api-key");
		String newKey = (String) issued.json().get("apiKey");
		assertThat(send(clientWithKey(newKey).get().uri("/v1/account")).status()).isEqualTo(200);
		assertThat(send(admin().delete().uri("/v1/admin/accounts/{id}/keys/{keyId}", account.id(), "nope")).status())
			.isEqualTo(404);
	}

	@Test
	void shouldPutRateLimitFieldsOnEveryAuthenticatedResponseErrorsIncluded() {
		TestAccount account = createAccount(10, 60);

		Reply reply = send(clientWithKey(account.apiKey()).get().uri("/v1/no-such-resource"));

		assertThat(reply.status()).isEqualTo(404);
		assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"per-account\";q=60;w=60, \"per-ip\";q=6000;w=60");
		assertThat(reply.header("RateLimit")).startsWith("\"per-account\";r=59;t=");
	}

	@Test
	void shouldRecordLastUseInBatches() {
		TestAccount account = createAccount(10, 60);
		send(clientWithKey(account.apiKey()).get().uri("/v1/account"));

		this.keyUsage.flush();

		Long used = this.jdbc.sql("SELECT count(*) FROM api_keys WHERE account_id = ? AND last_used_at IS NOT NULL")
			.param(account.id())
			.query(Long.class)
			.single();
		assertThat(used).isEqualTo(1);
	}

	@Nested
	class Refusals {

		@Test
		void shouldAnswer401WithoutKeyOnProtectedRoutes() {
			for (String path : List.of("/v1/account", "/v1/models", "/predict", "/api/v1/someone/kalman",
					"/metrics/count", "/analyze/performance")) {
				Reply reply = send(anonymous().get().uri(path));
				assertThat(reply.status()).as(path).isEqualTo(401);
				assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
				assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
				assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:authentication-required");
			}
		}

		@Test
		void shouldLeaveHealthAndScrapingOpen(@LocalManagementPort int managementPort) {
			send(clientWithKey(createAccount(1, 60).apiKey()).get().uri("/v1/account"));

			assertThat(send(anonymous().get().uri("/health")).status()).isEqualTo(200);
			// Scraping is on the management port, which is not the API's
			// (ActuatorEndpointsTests).
			RestClient management = TestRestClients.create("http://127.0.0.1:" + managementPort);
			Reply scrape = send(management.get().uri("/actuator/prometheus"));
			assertThat(scrape.status()).isEqualTo(200);
			assertThat(scrape.body()).contains("pipeline_apikey_lookups_total", "pipeline_ratelimit_decisions_total");
		}

		@Test
		void shouldAnswer401ForUnknownKey() {
			Reply reply = send(clientWithKey("pk_" + "A".repeat(32)).get().uri("/v1/account"));

			assertThat(reply.status()).isEqualTo(401);
			assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:invalid-api-key");
		}

		@Test
		void shouldAnswer401WithoutAdminTokenAnd401ForAWrongOne() {
			Reply missing = send(anonymous().get().uri("/v1/admin/accounts/x"));
			Reply wrong = send(anonymous().get().uri("/v1/admin/accounts/x").header("X-Admin-Token", "wrong"));

			assertThat(missing.status()).isEqualTo(401);
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(wrong.json()).containsEntry("type", "urn:pipeline:problem:invalid-admin-token");
		}

		@Test
		void shouldAnswer403ForAnApiKeyOnAdminRoutes() {
			TestAccount account = createAccount(10, 60);

			Reply reply = send(clientWithKey(account.apiKey()).get().uri("/v1/admin/accounts/{id}", account.id()));

			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:admin-only");
		}

		@Test
		void shouldAnswer409ForATakenName() {
			Map<String, Object> account = Map.of("name", "twin-" + System.nanoTime(), "quotaLimit", 1, "ratePerMinute",
					1);
			send(admin().post().uri("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON).body(account));

			Reply second = send(
					admin().post().uri("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON).body(account));

			assertThat(second.status()).isEqualTo(409);
		}

		@Test
		void shouldAnswer404ForUnknownAccount() {
			assertThat(send(admin().get().uri("/v1/admin/accounts/{id}", "missing")).status()).isEqualTo(404);
		}

		@Test
		void shouldTreatTheAdminTokenAsACallerWithoutAccount() {
			Reply reply = send(admin().get().uri("/v1/account"));

			assertThat(reply.status()).isEqualTo(404);
			assertThat(reply.json()).containsEntry("type", "urn:pipeline:problem:no-account");
			assertThat(reply.header("RateLimit")).isNull();
		}

	}

}
