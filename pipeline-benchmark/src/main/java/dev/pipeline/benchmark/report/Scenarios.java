package dev.pipeline.benchmark.report;

/** The scenarios of a run, by the names the table, CSV and JSON use. */
public final class Scenarios {

	/**
	 * The sentiment model called in this JVM, one text per call: the unbatched baseline.
	 */
	public static final String INPROCESS_SENTIMENT = "inprocess-sentiment";

	/** The sentiment model called in this JVM, one call per batch: the compute limit. */
	public static final String INPROCESS_SENTIMENT_BATCHED = "inprocess-sentiment-batched";

	/** The Kalman filter called in this JVM. */
	public static final String INPROCESS_KALMAN = "inprocess-kalman";

	/** {@code POST /v1/models/sentiment/predict}, answered through the reply topic. */
	public static final String REST_SYNC_SENTIMENT = "rest-sync-sentiment";

	/** {@code POST /v1/models/sentiment/jobs}, then polling until SUCCEEDED. */
	public static final String REST_JOBS_SENTIMENT = "rest-jobs-sentiment";

	/**
	 * {@code POST /v1/models/sentiment/jobs}, then waiting on {@code GET
	 * /v1/jobs/{id}/events} for the final state.
	 */
	public static final String REST_JOBS_EVENTS_SENTIMENT = "rest-jobs-events-sentiment";

	/** A plain Kafka producer and a reader of {@code inference.results}. */
	public static final String KAFKA_DIRECT_SENTIMENT = "kafka-direct-sentiment";

	/**
	 * {@code POST /v1/models/kalman/predict}: tiny compute, so the pipeline's own cost
	 * shows.
	 */
	public static final String REST_SYNC_KALMAN = "rest-sync-kalman";

	/**
	 * The same request to the same models behind a plain HTTP endpoint in the benchmark's
	 * JVM, no Kafka and no authentication: what a user would run instead of the pipeline.
	 */
	public static final String DIRECT_HTTP_SENTIMENT = "direct-http-sentiment";

	/** The Kalman filter behind the same plain HTTP endpoint. */
	public static final String DIRECT_HTTP_KALMAN = "direct-http-kalman";

	/**
	 * Kafka's own end-to-end latency tool against the stack's broker: one hop at best. A
	 * measurement of its own, one record at a time.
	 */
	public static final String KAFKA_FLOOR = "kafka-floor";

	/**
	 * Results written straight to {@code inference.results} until the aggregator has them
	 * all in PostgreSQL: its throughput and the delay to a window row. A measurement of
	 * its own, not a point: it has no concurrency to sweep.
	 */
	public static final String AGGREGATOR_THROUGHPUT = "aggregator-throughput";

	/**
	 * The compression scenario's bytes on the wire per variant; its points are named
	 * {@code compression-<variant>}.
	 */
	public static final String COMPRESSION = "compression";

	/**
	 * The lists scenario's jobs, their insert, the walk to the deep cursor and the
	 * clean-up; its points are named {@code lists-<page>}.
	 */
	public static final String LISTS = "lists";

	/**
	 * Time to steady state: one caller's latency, window by window, from a fresh stack's
	 * first request ({@code steady.SteadyStateScenario}).
	 */
	public static final String STEADY_STATE = "steady-state";

	/** {@code GET /v1/jobs} without a cursor or filter over the lists scenario's jobs. */
	public static final String LISTS_FIRST_PAGE = "lists-first-page";

	/**
	 * The version whose scenarios keep their plain names: version 1, what the runs before
	 * versions measured. A name only: which version answers a request naming none is the
	 * model repository's to say ({@code model.json}, read by the worker's
	 * {@code ModelRepository.defaultVersion}).
	 */
	public static final String PLAIN_VERSION = "1";

	private static final String VERSION_SUFFIX = "-v";

	private Scenarios() {
	}

	/**
	 * A scenario of one model version: {@code inprocess-sentiment-v2},
	 * {@code rest-sync-sentiment-v2}; the plain name for {@link #PLAIN_VERSION}, so the
	 * comparisons and goals of earlier runs keep meaning the same thing.
	 */
	public static String versioned(String scenario, String version) {
		return PLAIN_VERSION.equals(version) ? scenario : scenario + VERSION_SUFFIX + version;
	}

	/** The plain scenario of a {@link #versioned} name. */
	static String plain(String scenario) {
		return scenario.replaceFirst(VERSION_SUFFIX + "\\d+$", "");
	}

	/**
	 * The version suffix of a {@link #versioned} name, empty for {@link #PLAIN_VERSION}.
	 */
	static String suffix(String scenario) {
		return scenario.substring(plain(scenario).length());
	}

}
