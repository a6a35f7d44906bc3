package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import dev.pipeline.benchmark.load.Operation;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An asynchronous job end to end: {@code POST /v1/models/sentiment/jobs}, then {@code GET
 * /v1/jobs/{id}} until the job leaves QUEUED. The latency is submission to observed
 * completion, so it includes the results sink (Kafka to PostgreSQL) and the polling
 * interval; polls back off from 10 ms to 200 ms so 64 pollers do not become the load
 * themselves.
 */
public final class AsyncJobs {

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
		return () -> {
			JsonNode text = PipelineJson.mapper().valueToTree(workload.nextText());
			HttpResponse<String> submitted = client.post(path("sentiment"),
					RestPredictions.body(List.of(text), modelVersion));
			if (submitted.statusCode() != 202) {
				throw new HttpFailure("POST " + path("sentiment"), submitted.statusCode(), submitted.body());
			}
			String id = PipelineJson.mapper().readTree(submitted.body()).path("id").asString();
			return awaitCompletion(client, id);
		};
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
