package dev.pipeline.analyst.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Wakes the requests waiting for a report another instance (or thread) is computing,
 * without polling Redis. The computing instance publishes on {@code analysis:done:<hash>}
 * when it finished (with a report or not); every instance holds ONE pattern subscription
 * for all such channels, made at start-up, and wakes its local waiters of that hash. A
 * waiter registers before it reads the cache, so a notification between its read and its
 * wait is not lost; a notification lost with a dropped connection only costs the wait
 * until the lock expires.
 */
@Component
class ReportHandoff implements MessageListener {

	static final String CHANNEL_PREFIX = "analysis:done:";

	private final StringRedisTemplate redis;

	private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	ReportHandoff(StringRedisTemplate redis, RedisMessageListenerContainer container) {
		this.redis = redis;
		container.addMessageListener(this, new PatternTopic(CHANNEL_PREFIX + "*"));
	}

	/** Registers a waiter for the report of {@code hash}; close it when done waiting. */
	Waiter register(String hash) {
		Waiter waiter = new Waiter(hash);
		this.waiters.computeIfAbsent(hash, (key) -> ConcurrentHashMap.newKeySet()).add(waiter);
		return waiter;
	}

	/** Tells every instance that the computation of {@code hash} ended. */
	void announce(String hash) {
		this.redis.convertAndSend(CHANNEL_PREFIX + hash, "done");
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
		Set<Waiter> waiting = this.waiters.get(channel.substring(CHANNEL_PREFIX.length()));
		if (waiting != null) {
			waiting.forEach(Waiter::wake);
		}
	}

	final class Waiter implements AutoCloseable {

		private final String hash;

		private final CountDownLatch done = new CountDownLatch(1);

		private Waiter(String hash) {
			this.hash = hash;
		}

		/**
		 * @return whether a notification arrived within {@code timeout}
		 */
		boolean await(Duration timeout) throws InterruptedException {
			return this.done.await(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}

		private void wake() {
			this.done.countDown();
		}

		@Override
		public void close() {
			ReportHandoff.this.waiters.computeIfPresent(this.hash, (key, set) -> {
				set.remove(this);
				return set.isEmpty() ? null : set;
			});
		}

	}

}
