package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An asynchronous job end to end: {@code POST /v1/models/sentiment/jobs}, then waiting
 * for the job to leave QUEUED in one of the two ways docs/api.md offers. The latency is
 * submission to observed completion, so it includes the results sink (Kafka to
 * PostgreSQL).
 * <ul>
 * <li>{@link #sentiment}: polling {@code GET /v1/jobs/{id}}; the latency includes the
 * polling interval, which backs off from 10 ms to 200 ms so 64 pollers do not become the
 * load themselves.</li>
 * <li>{@link #sentimentByEvents}: one {@code GET /v1/jobs/{id}/events} stream, which the
 * ingress answers when PostgreSQL notifies it of the result; no polling.</li>
 * </ul>
 */
public final class AsyncJobs {

	/** The id of a job's final event: the rank of the final state. */
	static final String FINAL_EVENT_ID = "2";

	static final long FIRST_POLL_NANOS = 10_000_000L;

	static final long LONGEST_POLL_NANOS = 200_000_000L;

	/**
	 * A job not done in this time counts as failed (the point's error count shows it).
	 */
	static final long GIVE_UP_NANOS = 60_000_000_000L;

	private AsyncJobs() {
	}

	/**
	 * @param modelVersion the version the body pins ({@code modelVersion}); {@code null}
	 * for the model's default
	 */
	public static Operation sentiment(IngressClient client, Workload workload, @Nullable String modelVersion) {
		return () -> awaitCompletion(client, submitSentiment(client, workload, modelVersion));
	}

	/**
	 * As {@link #sentiment}, but waits on the job's event stream instead of polling.
	 * @param modelVersion the version the body pins ({@code modelVersion}); {@code null}
	 * for the model's default
	 */
	public static Operation sentimentByEvents(IngressClient client, Workload workload, @Nullable String modelVersion) {
		return () -> awaitFinalEvent(client, submitSentiment(client, workload, modelVersion));
	}

	/** Submits the workload's next text as a job and returns the job's id. */
	private static String submitSentiment(IngressClient client, Workload workload, @Nullable String modelVersion)
			throws Exception {
		JsonNode text = PipelineJson.mapper().valueToTree(workload.nextText());
		HttpResponse<String> submitted = client.post(path("sentiment"),
				RestPredictions.body(List.of(text), modelVersion));
		if (submitted.statusCode() != 202) {
			throw new HttpFailure("POST " + path("sentiment"), submitted.statusCode(), submitted.body());
		}
		return PipelineJson.mapper().readTree(submitted.body()).path("id").asString();
	}

	/**
	 * Reads the job's event stream up to its final state (the event with id 2,
	 * docs/api.md) and closes it.
	 * @return 1 for a job that SUCCEEDED
	 * @throws HttpFailure when the stream is refused or the job ends otherwise
	 */
	static int awaitFinalEvent(IngressClient client, String id) throws Exception {
		String path = "/v1/jobs/" + id + "/events";
		HttpResponse<Stream<String>> events = client.lines(path, "Accept", "text/event-stream");
		try (Stream<String> lines = events.body()) {
			if (events.statusCode() != 200) {
				throw new HttpFailure("GET " + path, events.statusCode(), String.join("\n", lines.toList()));
			}
			@Nullable String eventId = null;
			for (Iterator<String> it = lines.iterator(); it.hasNext();) {
				String line = it.next();
				if (line.isEmpty()) {
					eventId = null;
				}
				else if (line.startsWith("id:")) {
					eventId = line.substring("id:".length()).trim();
				}
				else if (line.startsWith("data:") && FINAL_EVENT_ID.equals(eventId)) {
					JsonNode job = PipelineJson.mapper().readTree(line.substring("data:".length()));
					String status = job.path("status").asString();
					if (!"SUCCEEDED".equals(status)) {
						throw new HttpFailure("Job " + id + " ended " + status, events.statusCode(), line);
					}
					return 1;
				}
			}
		}
		throw new IllegalStateException("The event stream of job " + id + " ended before its final state");
	}

	/**
	 * Submits a job of one instance ({@code POST /v1/models/{model}/jobs}).
	 * @param headers extra headers as name, value, ...
	 */
	public static HttpResponse<String> submit(IngressClient client, String model, JsonNode instance, String... headers)
			throws IOException, InterruptedException {
		return client.post(path(model), RestPredictions.body(List.of(instance)), headers);
	}

	/** The job's {@code status}, as {@code GET /v1/jobs/{id}} shows it. */
	public static String status(HttpResponse<String> job) {
		return PipelineJson.mapper().readTree(job.body()).path("status").asString();
	}

	private static String path(String model) {
		return "/v1/models/" + model + "/jobs";
	}

	private static int awaitCompletion(IngressClient client, String id) throws Exception {
		long started = System.nanoTime();
		long pause = FIRST_POLL_NANOS;
		while (System.nanoTime() - started < GIVE_UP_NANOS) {
			LockSupport.parkNanos(pause);
			HttpResponse<String> job = client.get("/v1/jobs/" + id);
			if (job.statusCode() != 200) {
				throw new HttpFailure("GET /v1/jobs/" + id, job.statusCode(), job.body());
			}
			String status = status(job);
			switch (status) {
				case "QUEUED", "RUNNING" -> pause = Math.min(pause * 2, LONGEST_POLL_NANOS);
				case "SUCCEEDED" -> {
					return 1;
				}
				default -> throw new HttpFailure("Job " + id + " ended " + status, job.statusCode(), job.body());
			}
		}
		throw new IllegalStateException("Job " + id + " not done after " + GIVE_UP_NANOS / 1_000_000_000L + " s");
	}

}
