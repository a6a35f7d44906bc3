package dev.pipeline.benchmark.lists;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.benchmark.report.Scenarios;
import dev.pipeline.benchmark.stack.BenchmarkAccount;
import dev.pipeline.benchmark.target.HttpFailure;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.contracts.PipelineJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/jobs} over many jobs of one account (docs/api.md, "Lists"). The scenario
 * creates an account of its own, writes its jobs straight into the stack's PostgreSQL
 * ({@link JobTable}), follows the {@code Link} headers with pages of the largest size to
 * half the table to find a deep cursor, and offers the pages to measure: the first, the
 * deep one, and the filtered ones. {@link #close} removes the jobs; the account stays,
 * with no jobs.
 */
public final class ListsScenario implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ListsScenario.class);

	/** The page a client gets without {@code limit}. */
	static final int PAGE = 50;

	/**
	 * The largest page, used to walk to the deep cursor in as few requests as possible.
	 */
	static final int WALK_PAGE = 500;

	private final IngressClient client;

	private final JobTable table;

	private final int jobs;

	private final Map<String, Object> figures = new LinkedHashMap<>();

	private String deepPath = "";

	private ListsScenario(IngressClient client, JobTable table, int jobs) {
		this.client = client;
		this.table = table;
		this.jobs = jobs;
	}

	/**
	 * Creates the account, writes its jobs and walks to the deep cursor; empty when the
	 * stack has no accounts API, whose keys the list is scoped by.
	 */
	public static Optional<ListsScenario> prepare(IngressClient anonymous, String adminToken, String jdbcUrl, int jobs)
			throws Exception {
		Optional<BenchmarkAccount.Created> account = BenchmarkAccount.create(anonymous.baseUrl(), adminToken,
				"benchmark-lists-" + System.currentTimeMillis());
		if (account.isEmpty()) {
			return Optional.empty();
		}
		ListsScenario scenario = new ListsScenario(anonymous.withApiKey(account.get().apiKey()),
				new JobTable(jdbcUrl, account.get().id()), jobs);
		scenario.figures.put("account", account.get().id());
		scenario.figures.put("jobs", jobs);
		try {
			scenario.fill();
			scenario.walk();
		}
		catch (Exception ex) {
			scenario.close();
			throw ex;
		}
		return Optional.of(scenario);
	}

	private void fill() throws Exception {
		logger.info("Writing {} jobs for the lists scenario", this.jobs);
		long started = System.nanoTime();
		this.table.insert(this.jobs);
		this.figures.put("insertSeconds", seconds(started));
	}

	/**
	 * Follows the {@code Link} headers, {@value #WALK_PAGE} jobs a page, until half the
	 * jobs are behind: the cursor of a client deep into its list.
	 */
	private void walk() throws Exception {
		int pages = Math.max(1, this.jobs / 2 / WALK_PAGE);
		String path = "/v1/jobs?limit=" + WALK_PAGE;
		long started = System.nanoTime();
		for (int page = 0; page < pages; page++) {
			HttpResponse<String> response = get(path);
			Optional<String> next = NextLink.of(response.headers().firstValue("Link"));
			if (next.isEmpty()) {
				throw new IllegalStateException("The list of " + this.jobs + " jobs ended after " + (page + 1)
						+ " pages of " + WALK_PAGE + "; jobs older than the retention are not listed");
			}
			path = next.get();
		}
		double seconds = seconds(started);
		this.deepPath = path.replace("limit=" + WALK_PAGE, "limit=" + PAGE);
		this.figures.put("walkPages", pages);
		this.figures.put("walkPageSize", WALK_PAGE);
		this.figures.put("walkSeconds", seconds);
		this.figures.put("walkMsPerPage", Math.round(seconds * 1000 / pages * 100) / 100.0);
		this.figures.put("deepPageAfterJobs", pages * WALK_PAGE);
	}

	/** The pages to measure, by scenario name: each a request the route answers 200. */
	public Map<String, Operation> pages() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String hour = "from=" + encode(now.minus(12, ChronoUnit.HOURS).toString()) + "&to="
				+ encode(now.minus(11, ChronoUnit.HOURS).toString());
		Map<String, Operation> pages = new LinkedHashMap<>();
		pages.put(Scenarios.LISTS_FIRST_PAGE, page("/v1/jobs"));
		pages.put("lists-deep-page", page(this.deepPath));
		pages.put("lists-model-kalman", page("/v1/jobs?model=kalman"));
		pages.put("lists-model-rare", page("/v1/jobs?model=rare"));
		pages.put("lists-status-failed", page("/v1/jobs?status=FAILED"));
		pages.put("lists-hour-12h-ago", page("/v1/jobs?" + hour));
		return pages;
	}

	/** What the scenario did besides the pages: jobs, insert, walk, clean-up. */
	public Map<String, Object> figures() {
		return this.figures;
	}

	private Operation page(String path) {
		return () -> {
			JsonNode body = PipelineJson.mapper().readTree(get(path).body());
			if (body.path("items").size() != PAGE) {
				throw new IllegalStateException(path + " answered " + body.path("items").size() + " jobs, not " + PAGE);
			}
			return 1;
		};
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpResponse<String> response = this.client.get(path);
		if (response.statusCode() != 200) {
			throw new HttpFailure("GET " + path, response.statusCode(), response.body());
		}
		return response;
	}

	/** Removes the jobs and their results. */
	@Override
	public void close() throws Exception {
		long started = System.nanoTime();
		long deleted = this.table.delete();
		this.figures.put("deletedJobs", deleted);
		this.figures.put("deleteSeconds", seconds(started));
	}

	private static double seconds(long startedNanos) {
		return Math.round((System.nanoTime() - startedNanos) / 1e7) / 100.0;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
