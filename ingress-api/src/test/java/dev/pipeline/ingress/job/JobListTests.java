package dev.pipeline.ingress.job;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/jobs}: keyset pages on the real stack, each job once and in order while
 * jobs keep arriving, the filters, ownership and the problems of a bad limit or cursor.
 * Jobs are written straight into {@code inference_jobs} (as the submission does) so their
 * times can tie and lie in a span of their own.
 */
class JobListTests extends PredictionPathTest {

	private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

	@Test
	void shouldPageThroughEveryJobOnceNewestFirstWhileJobsArrive() {
		Http client = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		String account = accountOf(client);
		Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
		List<Job> expected = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			// Pairs of jobs share a time, so the id has to break the tie.
			expected.add(insertJob(account, "sentiment", base.plusSeconds(i / 2)));
		}
		// Two submitted through the API, at "now", newest of all.
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> accepted = client.postJson("/v1/models/sentiment/jobs", "{\"inputs\": [\"fine\"]}");
			assertThat(accepted.statusCode()).isEqualTo(202);
		}

		List<String> seen = new ArrayList<>();
		String path = "/v1/jobs?limit=3";
		int pages = 0;
		while (path != null) {
			HttpResponse<String> page = client.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			JsonNode body = Http.json(page);
			assertThat(body.path("items").size()).isBetween(1, 3);
			body.path("items").forEach((job) -> seen.add(job.path("id").asString()));
			path = nextLink(page);
			if (path != null) {
				assertThat(path).isEqualTo("/v1/jobs?limit=3&cursor=" + body.path("next").asString());
			}
			else {
				assertThat(body.path("next").isNull()).isTrue();
			}
			if (++pages == 2) {
				// Jobs arriving between two pages: those after the cursor in the list's
				// order (older, or as old with a smaller id) are shown once on a later
				// page, those before it (newer) are not.
				String last = seen.get(seen.size() - 1);
				Instant cursorTime = expected.stream()
					.filter((job) -> job.id().equals(last))
					.findFirst()
					.orElseThrow()
					.submittedAt();
				insertJob(account, "sentiment", Instant.now());
				insertJob(account, "sentiment", cursorTime, "ffffffff-" + UUID.randomUUID());
				expected.add(insertJob(account, "sentiment", cursorTime, "00000000-" + UUID.randomUUID()));
				expected.add(insertJob(account, "sentiment", base.minusSeconds(60)));
			}
		}

		expected.sort(Comparator.comparing(Job::submittedAt).thenComparing(Job::id).reversed());
		List<String> expectedIds = expected.stream().map(Job::id).toList();
		// The first two are the API's; after them, the inserted ones in order, each once.
		assertThat(seen).doesNotHaveDuplicates().hasSize(2 + expectedIds.size());
		assertThat(seen.subList(2, seen.size())).containsExactlyElementsOf(expectedIds);
		assertThat(pages).isEqualTo(5);
	}

	@Test
	void shouldFilterByStatusModelAndTime() {
		Http client = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		String account = accountOf(client);
		Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MILLIS);
		Job queued = insertJob(account, "sentiment", base);
		Job succeeded = insertJob(account, "sentiment", base.plusSeconds(1));
		storeResult(succeeded.id(), "SUCCEEDED", "[{\"label\": \"positive\", \"score\": 0.9}]", base, base, account);
		Job failed = insertJob(account, "sentiment", base.plusSeconds(2));
		storeResult(failed.id(), "FAILED", null, base, base, account);
		Job expired = insertJob(account, "sentiment", base.plusSeconds(3));
		this.jdbc
			.sql("UPDATE inference_jobs SET settled_at = now(), expiry_code = 'NO_RESULT', expiry_message = 'x'"
					+ " WHERE id = ?")
			.param(expired.id())
			.update();
		Job kalman = insertJob(account, "kalman", base.plusSeconds(4));
		// Older than the retention (24 h): not readable, so not listed.
		insertJob(account, "sentiment", Instant.now().minus(Duration.ofHours(25)));

		assertThat(ids(client, "/v1/jobs")).containsExactly(kalman.id(), expired.id(), failed.id(), succeeded.id(),
				queued.id());
		assertThat(ids(client, "/v1/jobs?status=QUEUED")).containsExactly(kalman.id(), queued.id());
		assertThat(ids(client, "/v1/jobs?status=SUCCEEDED")).containsExactly(succeeded.id());
		assertThat(ids(client, "/v1/jobs?status=FAILED")).containsExactly(failed.id());
		assertThat(ids(client, "/v1/jobs?status=EXPIRED")).containsExactly(expired.id());
		assertThat(ids(client, "/v1/jobs?model=kalman")).containsExactly(kalman.id());
		assertThat(ids(client, "/v1/jobs?model=sentiment&status=QUEUED")).containsExactly(queued.id());
		assertThat(ids(client, "/v1/jobs?from=" + base.plusSeconds(1) + "&to=" + base.plusSeconds(3)))
			.containsExactly(failed.id(), succeeded.id());
		JsonNode done = Http.json(client.get("/v1/jobs?status=SUCCEEDED")).path("items").get(0);
		assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(done.path("result").path("outputs").get(0).path("label").asString()).isEqualTo("positive");
		assertThat(client.get("/v1/jobs?status=DONE").statusCode()).isEqualTo(400);
		assertThat(client.get("/v1/jobs?from=" + base + "&to=" + base).statusCode()).isEqualTo(422);
		assertThat(ids(client, "/v1/jobs?to=" + Instant.now().minus(Duration.ofHours(24)))).isEmpty();
	}

	@Test
	void shouldNeverShowAnotherAccountsJobs() {
		Http mine = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		Http theirs = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		String myAccount = accountOf(mine);
		String theirAccount = accountOf(theirs);
		Instant base = Instant.now().minus(Duration.ofHours(4)).truncatedTo(ChronoUnit.MILLIS);
		Job myJob = insertJob(myAccount, "sentiment", base);
		Job theirJob = insertJob(theirAccount, "sentiment", base.plusSeconds(1));
		// A result under my job's id for the other account does not make it theirs.
		storeResult(myJob.id(), "SUCCEEDED", "[]", base, base, theirAccount);
		String span = "from=" + base + "&to=" + base.plusSeconds(2);

		assertThat(ids(mine, "/v1/jobs?" + span)).containsExactly(myJob.id());
		assertThat(ids(theirs, "/v1/jobs?" + span)).containsExactly(theirJob.id());
		assertThat(ids(theirs, "/v1/jobs?status=SUCCEEDED")).isEmpty();
		HttpResponse<String> probing = theirs.get("/v1/jobs?account=" + myAccount);
		assertThat(probing.statusCode()).isEqualTo(403);
		assertThat(Http.json(probing).path("type").asString()).isEqualTo("urn:pipeline:problem:not-your-account");
		assertThat(ids(mine, "/v1/jobs?account=" + myAccount + "&" + span)).containsExactly(myJob.id());

		Http admin = new Http(this.port, "X-Admin-Token", ADMIN_TOKEN);
		assertThat(ids(admin, "/v1/jobs?account=" + myAccount)).containsExactly(myJob.id());
		assertThat(ids(admin, "/v1/jobs?" + span)).containsExactly(theirJob.id(), myJob.id());
	}

	@Test
	void shouldRefuseALimitOutOfBoundsAndACursorItDidNotHandOut() {
		Http client = Http.withApiKey(this.port, createAccount(1_000, 1_000).apiKey());
		String account = accountOf(client);
		Instant base = Instant.now().minus(Duration.ofHours(5));
		insertJob(account, "sentiment", base);
		insertJob(account, "sentiment", base.plusSeconds(1));
		String next = Http.json(client.get("/v1/jobs?limit=1")).path("next").asString();
		assertThat(client.get("/v1/jobs?limit=1&cursor=" + next).statusCode()).isEqualTo(200);
		assertThat(client.get("/v1/jobs?limit=500").statusCode()).isEqualTo(200);

		assertProblem(client.get("/v1/jobs?limit=501"), "bad-parameter");
		assertProblem(client.get("/v1/jobs?limit=0"), "bad-parameter");
		assertProblem(client.get("/v1/jobs?limit=many"), "bad-request");
		assertProblem(client.get("/v1/jobs?cursor=garbage"), "bad-cursor");
		assertProblem(client.get("/v1/jobs?cursor=" + next.substring(1)), "bad-cursor");
		// A cursor edited to start elsewhere, and a cursor of another list.
		String decoded = new String(Base64.getUrlDecoder().decode(next), StandardCharsets.UTF_8);
		assertProblem(
				client
					.get("/v1/jobs?cursor=" + encode(decoded.replace(decoded.substring(decoded.length() - 4), "0000"))),
				"bad-cursor");
		assertProblem(client.get("/v1/jobs?cursor=" + encode(decoded.replace("\njobs\n", "\nalerts\n"))), "bad-cursor");
	}

	private static void assertProblem(HttpResponse<String> response, String type) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(Http.json(response).path("type").asString()).isEqualTo("urn:pipeline:problem:" + type);
	}

	private static String encode(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** The ids of every page of a list, following the Link header. */
	private static List<String> ids(Http client, String first) {
		List<String> ids = new ArrayList<>();
		String path = first;
		while (path != null) {
			HttpResponse<String> page = client.get(path);
			assertThat(page.statusCode()).as(path).isEqualTo(200);
			Http.json(page).path("items").forEach((job) -> ids.add(job.path("id").asString()));
			path = nextLink(page);
		}
		return ids;
	}

	private static String nextLink(HttpResponse<String> page) {
		return page.headers().firstValue("Link").map((link) -> {
			Matcher matcher = NEXT_LINK.matcher(link);
			assertThat(matcher.matches()).as(link).isTrue();
			return matcher.group(1);
		}).orElse(null);
	}

	private static String accountOf(Http client) {
		return Http.json(client.get("/v1/account")).path("id").asString();
	}

	private Job insertJob(String account, String model, Instant submittedAt) {
		return insertJob(account, model, submittedAt, UUID.randomUUID().toString());
	}

	private Job insertJob(String account, String model, Instant submittedAt, String id) {
		Job job = new Job(id, submittedAt);
		this.jdbc.sql("INSERT INTO inference_jobs (id, account_id, model, submitted_at) VALUES (?, ?, ?, ?)")
			.params(job.id(), account, model, submittedAt.atOffset(ZoneOffset.UTC))
			.update();
		return job;
	}

	private record Job(String id, Instant submittedAt) {
	}

}
