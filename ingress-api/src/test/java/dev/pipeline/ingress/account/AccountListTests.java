package dev.pipeline.ingress.account;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.IngressIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's paged lists of accounts and of an account's keys, on the real stack: every
 * row once, newest first, while rows are added between pages; no key secret or hash.
 */
class AccountListTests extends IngressIntegrationTest {

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

	@Test
	void shouldListEveryAccountOnceNewestFirstWhileAccountsAreCreated() {
		Http admin = new Http(this.serverPort, "X-Admin-Token", ADMIN_TOKEN);
		Set<String> before = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			before.add(createAccount(10, 10).id());
		}

		List<JsonNode> seen = new ArrayList<>();
		Set<String> createdMeanwhile = new HashSet<>();
		String path = "/v1/admin/accounts?limit=2";
		while (path != null) {
			HttpResponse<String> page = admin.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			Http.json(page).path("items").forEach(seen::add);
			path = nextLink(page);
			if (seen.size() == 2) {
				createdMeanwhile.add(createAccount(10, 10).id());
			}
		}

		List<String> ids = seen.stream().map((account) -> account.path("id").asString()).toList();
		assertThat(ids).doesNotHaveDuplicates().containsAll(before).doesNotContainAnyElementsOf(createdMeanwhile);
		// Newest first: the sort key (createdAt, id) only ever goes down.
		Comparator<JsonNode> byKey = Comparator
			.comparing((JsonNode account) -> Instant.parse(account.path("createdAt").asString()))
			.thenComparing((account) -> account.path("id").asString());
		for (int i = 1; i < seen.size(); i++) {
			assertThat(byKey.compare(seen.get(i - 1), seen.get(i))).as("row %d before row %d", i - 1, i).isPositive();
		}
		assertThat(seen.get(0).has("quotaLimit")).isTrue();
		assertThat(seen.get(0).has("keys")).isFalse();
	}

	@Test
	void shouldListAnAccountsKeysWithoutSecrets() {
		Http admin = new Http(this.serverPort, "X-Admin-Token", ADMIN_TOKEN);
		TestAccount account = createAccount(10, 10);
		List<String> issued = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			JsonNode key = Http.json(admin.postJson("/v1/admin/accounts/" + account.id() + "/keys", ""));
			issued.add(0, key.path("id").asString());
			assertThat(key.path("apiKey").asString()).startsWith("pk_");
		}

		List<JsonNode> keys = new ArrayList<>();
		String path = "/v1/admin/accounts/" + account.id() + "/keys?limit=2";
		StringBuilder bodies = new StringBuilder();
		int pages = 0;
		while (path != null) {
			HttpResponse<String> page = admin.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			bodies.append(page.body());
			Http.json(page).path("items").forEach(keys::add);
			path = nextLink(page);
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		// The four issued, newest first, then the account's first key.
		assertThat(keys.subList(0, 4).stream().map((key) -> key.path("id").asString()))
			.containsExactlyElementsOf(issued);
		assertThat(keys).hasSize(5);
		assertThat(keys).allSatisfy((key) -> assertThat(key.propertyNames()).containsExactlyInAnyOrder("id", "prefix",
				"createdAt", "revokedAt", "lastUsedAt"));
		assertThat(bodies.toString()).doesNotContain(account.apiKey()).doesNotContain("apiKey").doesNotContain("hash");
		assertThat(admin.get("/v1/admin/accounts/no-such-account/keys").statusCode()).isEqualTo(404);
		Http owner = Http.withApiKey(this.serverPort, account.apiKey());
		assertThat(owner.get("/v1/admin/accounts/" + account.id() + "/keys").statusCode()).isEqualTo(403);
		assertThat(owner.get("/v1/admin/accounts").statusCode()).isEqualTo(403);
		HttpResponse<String> tooMany = admin.get("/v1/admin/accounts?limit=501");
		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(Http.json(tooMany).path("type").asString()).isEqualTo("urn:pipeline:problem:bad-parameter");
		String keysCursor = Http.json(admin.get("/v1/admin/accounts/" + account.id() + "/keys?limit=1"))
			.path("next")
			.asString();
		// A cursor of one list is no cursor of another.
		HttpResponse<String> foreign = admin.get("/v1/admin/accounts?cursor=" + keysCursor);
		assertThat(foreign.statusCode()).isEqualTo(400);
		assertThat(Http.json(foreign).path("type").asString()).isEqualTo("urn:pipeline:problem:bad-cursor");
	}

	private static String nextLink(HttpResponse<String> page) {
		return page.headers().firstValue("Link").map((link) -> {
			Matcher matcher = NEXT_LINK.matcher(link);
			assertThat(matcher.matches()).as(link).isTrue();
			return matcher.group(1);
		}).orElse(null);
	}

}
