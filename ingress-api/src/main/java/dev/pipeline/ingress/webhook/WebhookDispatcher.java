package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import dev.pipeline.ingress.webhook.CallbackUrls.RefusedTarget;
import dev.pipeline.ingress.webhook.WebhookDeliveries.Delivery;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Sends the webhooks that are due, on every instance every
 * {@code ingress.webhooks.poll-interval}: claims up to {@value #PARALLEL} deliveries
 * ({@link WebhookDeliveries}), sends them at once (so one slow receiver does not hold up
 * the others), records each outcome, and goes on while there are more. Each attempt
 * checks the callback URL's addresses again and connects only to those
 * ({@link WebhookSender}), and signs the job's final state with the account's current
 * secret. A 2xx answer delivers; anything else (another status, a redirect, a timeout, a
 * refused target) is retried on the {@link RetrySchedule} with the same
 * {@code Webhook-Id}, and given up, recorded FAILED, once the schedule ends. Each attempt
 * is counted and timed ({@link WebhookMeters}). At-least-once: an instance that dies
 * after the receiver's 2xx but before recording it sends the webhook again once its lease
 * has passed; receivers deduplicate on {@code Webhook-Id}.
 */
@Component
class WebhookDispatcher implements SchedulingConfigurer, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	/** Deliveries one instance sends at once. */
	static final int PARALLEL = 8;

	/**
	 * How many polls apart the pending deliveries are counted: a count of all of them,
	 * needed far less often than the due ones are claimed.
	 */
	private static final int POLLS_PER_PENDING_COUNT = 10;

	/** Added to the timeouts for the lease: resolving, signing, recording. */
	private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

	private final WebhookDeliveries deliveries;

	private final FinalJobs jobs;

	private final WebhookSecrets secrets;

	private final WebhookSender sender;

	private final WebhookProperties properties;

	private final WebhookMeters meters;

	private final RetrySchedule schedule;

	private final Duration lease;

	private final Clock clock = Clock.systemUTC();

	private final ExecutorService senders = Executors.newFixedThreadPool(PARALLEL,
			new CustomizableThreadFactory("webhooks-"));

	WebhookDispatcher(WebhookDeliveries deliveries, FinalJobs jobs, WebhookSecrets secrets, WebhookSender sender,
			WebhookProperties properties, WebhookMeters meters) {
		this.deliveries = deliveries;
		this.jobs = jobs;
		this.secrets = secrets;
		this.sender = sender;
		this.properties = properties;
		this.meters = meters;
		this.schedule = RetrySchedule.of(properties);
		this.lease = WebhookSender.attemptTimeout(properties).plus(LEASE_MARGIN);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::dispatchQuietly, this.properties.pollInterval());
		registrar.addFixedDelayTask(this::countPending,
				this.properties.pollInterval().multipliedBy(POLLS_PER_PENDING_COUNT));
	}

	/**
	 * Sends every delivery due now, {@value #PARALLEL} at a time.
	 * @return how many attempts were made
	 */
	int dispatch() throws InterruptedException {
		int attempted = 0;
		while (true) {
			Instant now = this.clock.instant();
			List<Delivery> claimed = this.deliveries.claimDue(now, now.plus(this.lease), PARALLEL);
			List<Callable<Void>> attempts = claimed.stream().<Callable<Void>>map((delivery) -> () -> {
				this.meters.duration().record(() -> attempt(delivery));
				return null;
			}).toList();
			this.senders.invokeAll(attempts);
			attempted += claimed.size();
			if (claimed.size() < PARALLEL) {
				return attempted;
			}
		}
	}

	private void dispatchQuietly() {
		try {
			dispatch();
		}
		catch (DataAccessException ex) {
			log.warn("Could not read the webhook deliveries: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void countPending() {
		try {
			this.meters.pending(this.deliveries.pending());
		}
		catch (DataAccessException ex) {
			log.warn("Could not count the pending webhook deliveries: {}", ex.getMessage());
		}
	}

	private void attempt(Delivery delivery) {
		try {
			Optional<byte[]> body = this.jobs.finalState(delivery.jobId());
			Optional<String> secret = (delivery.accountId() != null) ? this.secrets.find(delivery.accountId())
					: Optional.empty();
			if (body.isEmpty() || secret.isEmpty()) {
				retryOrGiveUp(delivery, null,
						body.isEmpty() ? "The job has no final state to send." : "The account has no webhook secret.");
				return;
			}
			long timestamp = this.clock.instant().getEpochSecond();
			String signature = WebhookSignature.sign(secret.get(), delivery.jobId(), timestamp, body.get());
			int status = this.sender.send(delivery.callbackUrl(), delivery.jobId(), timestamp, signature, body.get());
			if (status >= 200 && status < 300) {
				this.deliveries.delivered(delivery.jobId(), status, this.clock.instant());
				this.meters.delivered();
				log.debug("Delivered the webhook of job {} (attempt {})", delivery.jobId(), delivery.attempts());
			}
			else {
				retryOrGiveUp(delivery, status, "The receiver answered " + status + ".");
			}
		}
		catch (RefusedTarget ex) {
			retryOrGiveUp(delivery, null, ex.getMessage());
		}
		catch (IOException ex) {
			if (Thread.currentThread().isInterrupted()) {
				// Stopping: the lease runs out and another attempt follows.
				return;
			}
			retryOrGiveUp(delivery, null, "The receiver could not be reached: " + ex);
		}
		catch (DataAccessException ex) {
			log.warn("Webhook of job {}: PostgreSQL failed; the attempt is made again after its lease: {}",
					delivery.jobId(), ex.getMessage());
		}
	}

	private void retryOrGiveUp(Delivery delivery, @Nullable Integer status, String error) {
		Instant now = this.clock.instant();
		Optional<Instant> next = this.schedule.next(delivery.createdAt(), delivery.attempts(), now,
				ThreadLocalRandom.current().nextDouble());
		if (next.isPresent()) {
			this.deliveries.retryAt(delivery.jobId(), next.get(), status, error);
			this.meters.failed();
			log.debug("Webhook of job {} failed (attempt {}), next at {}: {}", delivery.jobId(), delivery.attempts(),
					next.get(), error);
		}
		else {
			this.deliveries.failed(delivery.jobId(), status, error, now);
			this.meters.givenUp();
			log.warn("Gave up the webhook of job {} after {} attempts: {}", delivery.jobId(), delivery.attempts(),
					error);
		}
	}

	@Override
	public void destroy() {
		this.senders.shutdownNow();
	}

}
