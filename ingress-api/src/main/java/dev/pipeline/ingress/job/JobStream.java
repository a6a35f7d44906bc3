package dev.pipeline.ingress.job;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.pipeline.ingress.prediction.JobTicket;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's event stream of one job ({@code GET /v1/jobs/{id}/events}). An event's id
 * is the rank of the state it shows (1 QUEUED, 2 the final state), so a state is sent at
 * most once per stream, a resumed stream ({@code Last-Event-ID}) sends only states after
 * the one the client saw, and any instance can resume a stream another one served. After
 * the final state the stream closes.
 *
 * <p>
 * Thread-safe: the request thread, the notification fan-out and the keep-alive may use it
 * at once; one lock keeps its events whole and in rank order.
 */
final class JobStream {

	/** The name of every event: what {@code EventSource.addEventListener} listens to. */
	static final String EVENT = "job";

	static final int QUEUED_RANK = 1;

	static final int FINAL_RANK = 2;

	private final String jobId;

	private final SseEmitter emitter;

	private final Runnable onSent;

	private final Consumer<JobStream> onClose;

	private final AtomicBoolean closed = new AtomicBoolean();

	private int sentRank;

	private boolean finished;

	/**
	 * @param seenRank the rank of the last state the client saw ({@code Last-Event-ID}),
	 * 0 for none
	 * @param onSent told after each state sent
	 * @param onClose told once, whichever way the stream ends
	 */
	JobStream(String jobId, int seenRank, long timeoutMillis, Runnable onSent, Consumer<JobStream> onClose) {
		this.jobId = jobId;
		this.sentRank = seenRank;
		this.onSent = onSent;
		this.onClose = onClose;
		this.emitter = new SseEmitter(timeoutMillis);
		this.emitter.onCompletion(this::closed);
		this.emitter.onError((ex) -> closed());
		// At the maximum lifetime the stream just ends; the client resumes with
		// Last-Event-ID.
		this.emitter.onTimeout(this.emitter::complete);
	}

	String jobId() {
		return this.jobId;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	/**
	 * The rank of a state: what an event's id says. Unknown final states rank as final.
	 */
	static int rank(String status) {
		return JobTicket.QUEUED.equals(status) ? QUEUED_RANK : FINAL_RANK;
	}

	/**
	 * The rank a {@code Last-Event-ID} names; 0 (nothing seen) for a missing or foreign
	 * one, so a client that sends garbage gets the whole stream rather than none.
	 */
	static int seenRank(@Nullable String lastEventId) {
		if (lastEventId == null) {
			return 0;
		}
		try {
			int rank = Integer.parseInt(lastEventId.trim());
			return (rank >= 0 && rank <= FINAL_RANK) ? rank : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * Sends the job's state unless the client has it already; after the final state the
	 * stream completes.
	 */
	synchronized void show(JobView job) {
		int rank = rank(job.status());
		if (this.finished || rank <= this.sentRank) {
			return;
		}
		try {
			this.emitter
				.send(SseEmitter.event().name(EVENT).id(String.valueOf(rank)).data(job, MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			// The client went away (or the stream already ended): nothing left to tell.
			abandon();
			return;
		}
		this.sentRank = rank;
		this.onSent.run();
		if (rank == FINAL_RANK) {
			this.finished = true;
			this.emitter.complete();
		}
	}

	/** A comment line, so proxies and clients see the quiet stream is alive. */
	synchronized void keepAlive() {
		if (this.finished) {
			return;
		}
		try {
			this.emitter.send(SseEmitter.event().comment(" keep-alive"));
		}
		catch (IOException | IllegalStateException ex) {
			abandon();
		}
	}

	/** Ends the stream without a final state (the instance stops, the client left). */
	synchronized void end() {
		this.finished = true;
		this.emitter.complete();
		closed();
	}

	/** Forgets a stream whose response is gone or was never handed to the client. */
	void abandon() {
		synchronized (this) {
			this.finished = true;
		}
		closed();
	}

	private void closed() {
		if (this.closed.compareAndSet(false, true)) {
			this.onClose.accept(this);
		}
	}

}
