package dev.pipeline.ingress.job;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox of job submission ({@code job_outbox}, schema V6_1): a job's
 * request waits here, committed with the job row, until Kafka has acknowledged it. Rows
 * are taken with {@code FOR UPDATE SKIP LOCKED}, so the relays of several instances share
 * the table without sending one row twice in a pass.
 */
@Repository
class JobOutbox {

	private final JdbcClient jdbc;

	JobOutbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds the request, in the caller's transaction.
	 * @param availableAt until then the relay leaves it to the submitting instance
	 */
	void add(InferenceRequest request, Instant now, Instant availableAt) {
		this.jdbc.sql("INSERT INTO job_outbox (job_id, request, created_at, available_at) VALUES (?, ?, ?, ?)")
			.params(request.id(), PipelineJson.mapper().writeValueAsString(request), utc(now), utc(availableAt))
			.update();
	}

	/**
	 * Locks up to {@code limit} rows that are available at {@code now}, oldest first,
	 * skipping rows another transaction holds; must run in a transaction, which keeps
	 * them locked until it ends.
	 */
	List<InferenceRequest> lockAvailable(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT request FROM job_outbox WHERE available_at <= ?
				ORDER BY available_at LIMIT ? FOR UPDATE SKIP LOCKED""")
			.params(utc(now), limit)
			.query((rs, row) -> PipelineJson.mapper().readValue(rs.getString("request"), InferenceRequest.class))
			.list();
	}

	/** Removes the rows of requests Kafka has acknowledged. */
	void remove(Collection<String> jobIds) {
		if (!jobIds.isEmpty()) {
			this.jdbc.sql("DELETE FROM job_outbox WHERE job_id = ANY (?)")
				.param(jobIds.toArray(String[]::new))
				.update();
		}
	}

	/**
	 * Refuses a new request while {@code bound} requests already wait to be sent
	 * (counting stops at the bound, so a long backlog costs no more than a short one):
	 * during a long Kafka outage the outbox must not grow without end.
	 * @throws KafkaUnavailableException when the outbox is full
	 */
	void requireRoom(int bound) {
		long waiting = this.jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM job_outbox LIMIT ?) AS waiting")
			.param(bound)
			.query(Long.class)
			.single();
		if (waiting >= bound) {
			throw new KafkaUnavailableException(
					new IllegalStateException(bound + " jobs already wait for Kafka to take them"));
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
