package dev.pipeline.ingress.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The job event streams open on this instance, by job. {@link JobNotifications} says
 * which job changed; each of its streams then re-reads the job from the primary and sends
 * what is new, on a small pool of its own so a slow client never holds up the
 * notifications. Guarantees:
 * <ul>
 * <li>A stream is registered before its first state is read, so a change committed after
 * that read reaches it.</li>
 * <li>No more than {@code ingress.jobs.events.max-streams} streams at once.</li>
 * <li>A keep-alive comment every {@code ingress.jobs.events.keep-alive}; a stream whose
 * re-read failed (PostgreSQL away) reads again then, until it succeeds.</li>
 * <li>When the instance stops, every stream ends first (clients resume elsewhere with
 * {@code Last-Event-ID}), so open streams never hold up a graceful shutdown.</li>
 * </ul>
 */
@Component
class JobEventStreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

	private final JobStore store;

	private final JobEventsProperties properties;

	private final JobEventMeters meters;

	private final Map<String, Set<JobStream>> byJob = new ConcurrentHashMap<>();

	private final AtomicInteger open = new AtomicInteger();

	/** Streams whose last re-read failed; read again with the next keep-alive. */
	private final Set<JobStream> unread = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ExecutorService senders;

	private volatile @Nullable ScheduledExecutorService keepAlive;

	JobEventStreams(JobStore store, JobEventsProperties properties, JobEventMeters meters) {
		this.store = store;
		this.properties = properties;
		this.meters = meters;
		meters.openStreams(this.open::get);
	}

	/**
	 * Registers a new stream of the job, before its first state is read.
	 * @param seenRank what the client saw already ({@link JobStream#seenRank})
	 * @return empty when this instance has as many streams open as it may
	 */
	Optional<JobStream> open(String jobId, int seenRank) {
		if (this.open.incrementAndGet() > this.properties.maxStreams()) {
			this.open.decrementAndGet();
			return Optional.empty();
		}
		JobStream stream = new JobStream(jobId, seenRank, this.properties.maxDuration().toMillis(), this.meters::sent,
				this::closed);
		this.byJob.computeIfAbsent(jobId, (id) -> ConcurrentHashMap.newKeySet()).add(stream);
		return Optional.of(stream);
	}

	/** How many streams are open on this instance. */
	int openStreams() {
		return this.open.get();
	}

	/** The job changed: its streams on this instance look again. */
	void changed(String jobId) {
		Set<JobStream> streams = this.byJob.get(jobId);
		if (streams != null) {
			streams.forEach(this::refreshLater);
		}
	}

	/**
	 * Notifications may have been missed (the instance was not listening): every stream
	 * looks again.
	 */
	void changedAll() {
		this.byJob.values().forEach((streams) -> streams.forEach(this::refreshLater));
	}

	private void refreshLater(JobStream stream) {
		submit(() -> refresh(stream));
	}

	private void refresh(JobStream stream) {
		try {
			this.store.find(stream.jobId()).map(JobView::of).ifPresent(stream::show);
		}
		catch (DataAccessException ex) {
			// PostgreSQL is away, or the pool is not over its outage yet while the
			// notifications' own connection already is: the change this re-read was
			// for would be lost, so the stream reads again with the next keep-alive.
			log.debug("Could not re-read job {} for its event stream: {}", stream.jobId(), ex.getMessage());
			this.unread.add(stream);
		}
	}

	private void closed(JobStream stream) {
		this.unread.remove(stream);
		this.byJob.computeIfPresent(stream.jobId(), (id, streams) -> {
			streams.remove(stream);
			return streams.isEmpty() ? null : streams;
		});
		this.open.decrementAndGet();
	}

	private void sendKeepAlives() {
		List.copyOf(this.unread).forEach((stream) -> {
			this.unread.remove(stream);
			refreshLater(stream);
		});
		this.byJob.values().forEach((streams) -> streams.forEach((stream) -> submit(stream::keepAlive)));
	}

	private void submit(Runnable task) {
		ExecutorService executor = this.senders;
		if (executor == null) {
			return;
		}
		try {
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Stopping: the streams are being ended anyway.
		}
	}

	@Override
	public void start() {
		this.senders = Executors.newFixedThreadPool(2, new CustomizableThreadFactory("job-events-"));
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("job-events-keep-alive-"));
		long period = this.properties.keepAlive().toMillis();
		scheduler.scheduleAtFixedRate(this::sendKeepAlives, period, period, TimeUnit.MILLISECONDS);
		this.keepAlive = scheduler;
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.keepAlive;
		this.keepAlive = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		List.copyOf(this.byJob.values()).forEach((streams) -> List.copyOf(streams).forEach(JobStream::end));
		ExecutorService executor = this.senders;
		this.senders = null;
		if (executor != null) {
			executor.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.keepAlive != null;
	}

}
