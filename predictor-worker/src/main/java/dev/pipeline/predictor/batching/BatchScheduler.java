package dev.pipeline.predictor.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One model's dynamic batcher: instances of all queued requests are grouped up to the
 * model's max batch size or max wait, whichever comes first, computed with one model call
 * per batch, and the outputs handed back to their requests. {@code runners} threads take
 * batches from the one queue and share the model's session, so batching and the session's
 * thread setting together decide how the machine's cores are used (docs/models.md has the
 * measurement).
 *
 * <p>
 * The queue is bounded by {@code capacity} instances, a bound its producer keeps:
 * {@link #submit} never refuses a request (a request that was taken from Kafka must be
 * answered), but {@link #isFull()} tells the producer to stop taking more, and the
 * {@link #onRoom room listener} tells it when the queue has drained to half the capacity.
 * A request whose future is cancelled (its poll was given up and will be delivered again)
 * is withdrawn from the queue, so abandoned work is never computed.
 */
public final class BatchScheduler implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BatchScheduler.class);

	private final ServedModel model;

	private final LongSupplier nanoClock;

	private final BatchQueue<PendingRequest.Instance> queue;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final List<Thread> runners = new ArrayList<>();

	private final int capacity;

	private volatile Runnable roomListener = () -> {
	};

	private final BatchMeters meters;

	private volatile boolean running = true;

	/**
	 * @param capacity queued instances at which {@link #isFull()} tells the producer to
	 * stop (at least 1)
	 */
	public BatchScheduler(ServedModel model, int runners, int capacity, LongSupplier nanoClock,
			MeterRegistry registry) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.model = model;
		this.capacity = capacity;
		this.nanoClock = nanoClock;
		String name = model.config().name();
		this.queue = new BatchQueue<>(model.config().maxBatchSize(),
				TimeUnit.MILLISECONDS.toNanos(model.config().maxBatchWaitMs()));
		this.meters = new BatchMeters(model.config(), registry);
		this.meters.pendingInstances(this, BatchScheduler::queued);
		for (int i = 0; i < runners; i++) {
			Thread runner = new Thread(this::runBatches, "batch-" + name + "-v" + model.config().version() + "-" + i);
			runner.setDaemon(true);
			this.runners.add(runner);
			runner.start();
		}
	}

	/**
	 * Queues a request's instances; the future completes when all of them are computed.
	 */
	public CompletableFuture<BatchedOutputs> submit(List<ModelInput> inputs) {
		return submit(inputs, null);
	}

	/**
	 * Queues a request's instances. If the deadline passes before a batch takes them, the
	 * request is not computed and its future fails with {@link RequestExpiredException}.
	 * Cancelling the returned future withdraws the instances no batch has taken yet.
	 * @param timeLeft time until the request's deadline, {@code null} for none
	 */
	public CompletableFuture<BatchedOutputs> submit(List<ModelInput> inputs, @Nullable Duration timeLeft) {
		long now = this.nanoClock.getAsLong();
		// Far enough ahead never to pass, near enough that "now - deadline" cannot
		// overflow.
		long deadline = now + ((timeLeft != null) ? Math.max(0, timeLeft.toNanos()) : Long.MAX_VALUE / 4);
		PendingRequest request = new PendingRequest(inputs.size(), now, deadline);
		if (inputs.isEmpty()) {
			request.future().complete(new BatchedOutputs(List.of(), 0, 0, 0));
			return request.future();
		}
		this.lock.lock();
		try {
			if (!this.running) {
				request.fail(new IllegalStateException("The batch scheduler of " + name() + " is stopped"));
				return request.future();
			}
			for (int i = 0; i < inputs.size(); i++) {
				this.queue.add(new PendingRequest.Instance(request, i, inputs.get(i)), now);
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		request.future().whenComplete((outputs, ex) -> {
			if (request.future().isCancelled()) {
				withdraw(request);
			}
		});
		return request.future();
	}

	/**
	 * Whether the queue holds {@code capacity} instances or more: its producer should
	 * stop taking requests until the {@link #onRoom room listener} runs.
	 */
	public boolean isFull() {
		return queued() >= this.capacity;
	}

	/** Whether the queue has drained to half its capacity or below. */
	public boolean hasRoom() {
		return queued() <= this.capacity / 2;
	}

	/**
	 * Runs {@code listener} (on a runner thread, or on the thread that cancelled a
	 * request) whenever the queue shrank to half its capacity or below; it may run when
	 * nobody waits for room, so it should be cheap then.
	 */
	public void onRoom(Runnable listener) {
		this.roomListener = listener;
	}

	/**
	 * Re-checks the batch triggers now; lets a test that moved a fake clock release a
	 * batch.
	 */
	public void wakeUp() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Instances queued and not yet taken by a batch. Runners decide under the same lock,
	 * so a test that knows a runner has looked at the queue sees its decision here.
	 */
	int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void runBatches() {
		while (this.running) {
			try {
				List<PendingRequest.Instance> batch = nextBatch();
				if (!batch.isEmpty()) {
					// Before the batch runs: the producer can take more while it
					// computes.
					signalRoom();
					execute(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// A runner must outlive any one batch, or the model would silently stop
				// answering.
				logger.error("Batch runner of model {} hit an unexpected error", name(), ex);
			}
		}
	}

	private List<PendingRequest.Instance> nextBatch() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.running) {
				long now = this.nanoClock.getAsLong();
				List<PendingRequest.Instance> batch = this.queue.takeDue(now);
				if (!batch.isEmpty()) {
					return batch;
				}
				long wait = this.queue.nanosUntilDue(now);
				if (wait == Long.MAX_VALUE) {
					this.changed.await();
				}
				else {
					this.changed.awaitNanos(wait);
				}
			}
			return List.of();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Removes a cancelled request's instances that no batch has taken yet; a batch that
	 * took some already leaves them out ({@link #live}).
	 */
	private void withdraw(PendingRequest request) {
		int withdrawn;
		this.lock.lock();
		try {
			withdrawn = this.queue.removeIf(instance -> instance.request() == request);
		}
		finally {
			this.lock.unlock();
		}
		if (withdrawn > 0) {
			this.meters.cancelled(withdrawn);
			signalRoom();
		}
	}

	/** Outside the lock: the listener may take locks of its own. */
	private void signalRoom() {
		if (hasRoom()) {
			this.roomListener.run();
		}
	}

	void execute(List<PendingRequest.Instance> taken) {
		long start = this.nanoClock.getAsLong();
		List<PendingRequest.Instance> batch = live(taken, start);
		if (batch.isEmpty()) {
			return;
		}
		Set<PendingRequest> requests = new LinkedHashSet<>();
		List<ModelInput> inputs = new ArrayList<>(batch.size());
		for (PendingRequest.Instance instance : batch) {
			requests.add(instance.request());
			inputs.add(instance.input());
		}
		List<JsonNode> outputs;
		try {
			outputs = this.model.predict(inputs);
			if (outputs.size() != inputs.size()) {
				throw new IllegalStateException("Model " + name() + " returned " + outputs.size() + " outputs for "
						+ inputs.size() + " inputs");
			}
		}
		catch (Exception | LinkageError ex) {
			logger.error("Batch of {} instances for model {} failed", inputs.size(), name(), ex);
			requests.forEach(request -> request.fail(ex));
			return;
		}
		long elapsed = this.nanoClock.getAsLong() - start;
		this.meters.executed(inputs.size(), elapsed);
		for (PendingRequest request : requests) {
			long queued = request.joinBatch(start, elapsed, requests.size());
			if (queued >= 0) {
				this.meters.queued(queued);
			}
		}
		for (int i = 0; i < batch.size(); i++) {
			PendingRequest.Instance instance = batch.get(i);
			instance.request().complete(instance.index(), outputs.get(i));
		}
	}

	/**
	 * Leaves out instances of requests that are already answered (an earlier batch failed
	 * or expired them) or cancelled after this batch took them, and expires requests
	 * whose deadline passed in the queue.
	 */
	private List<PendingRequest.Instance> live(List<PendingRequest.Instance> taken, long now) {
		List<PendingRequest.Instance> live = new ArrayList<>(taken.size());
		for (PendingRequest.Instance instance : taken) {
			PendingRequest request = instance.request();
			if (!request.future().isDone() && request.isExpiredAt(now)) {
				request.fail(new RequestExpiredException());
			}
			if (!request.future().isDone()) {
				live.add(instance);
			}
			else if (request.future().isCancelled()) {
				this.meters.cancelled(1);
			}
		}
		return live;
	}

	private String name() {
		return this.model.config().name();
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.running = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		for (Thread runner : this.runners) {
			try {
				runner.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.lock.lock();
		try {
			this.queue.drain()
				.forEach(instance -> instance.request()
					.fail(new IllegalStateException("The batch scheduler of " + name() + " stopped")));
		}
		finally {
			this.lock.unlock();
		}
	}

}
