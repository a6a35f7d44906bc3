package dev.pipeline.ingress.account;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.pipeline.ingress.system.DependencyFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Lookups in PostgreSQL, cached for a TTL and bounded in number (Caffeine evicts the
 * least valuable entries, one at a time). Only answers that found something are kept.
 * When a due entry cannot be looked up again because PostgreSQL is unavailable, the
 * answer it holds is served for up to {@code staleIfError} longer (the stale-if-error of
 * RFC 5861), and PostgreSQL is not asked for that entry again for another TTL, so an
 * outage costs each entry one timeout per TTL instead of one per request.
 *
 * <p>
 * Only that stale-if-error part is ours: Caffeine has no way to serve an expired entry
 * because its reload failed. Its {@code refreshAfterWrite} comes closest, but it answers
 * the old value while it reloads in the background, so a revoked key would still pass
 * once after its TTL, and a failed reload is retried on every access, not once per TTL.
 * Bounding, eviction and expiry are Caffeine's; its statistics are bound to Micrometer as
 * the {@code cache.*} meters with a {@code cache} tag of the cache's name (size,
 * evictions, gets), besides {@link Counters}, which tell fresh hits from stale answers.
 */
final class StaleIfErrorCache<K, V> {

	/** The answer, when it was looked up, and when it is due to be looked up again. */
	private record Entry<V>(V value, long loadedAtNanos, long dueAtNanos) {
	}

	private final Cache<K, Entry<V>> entries;

	private final long ttlNanos;

	private final Counters counters;

	StaleIfErrorCache(String name, Duration ttl, Duration staleIfError, int maxSize, Counters counters,
			MeterRegistry meters) {
		this.ttlNanos = ttl.toNanos();
		this.counters = counters;
		long lifetimeNanos = ttl.plus(staleIfError).toNanos();
		// An entry lives until its last successful lookup is TTL + stale-if-error old,
		// however often a failed lookup has postponed its next one.
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.recordStats()
			.expireAfter(Expiry.<K, Entry<V>>writing((key, entry) -> Duration
				.ofNanos(Math.max(0, entry.loadedAtNanos() + lifetimeNanos - System.nanoTime()))))
			.build();
		CaffeineCacheMetrics.monitor(meters, this.entries, name);
	}

	/**
	 * The cached answer while it is fresh; else the loader's answer; else, when the
	 * loader fails because a dependency is unavailable, the expired answer while it is
	 * within stale-if-error.
	 * @throws RuntimeException the loader's failure when there is no answer to fall back
	 * on
	 */
	Optional<V> get(K key, Function<K, Optional<V>> loader) {
		long now = System.nanoTime();
		@Nullable Entry<V> cached = this.entries.getIfPresent(key);
		if (cached != null && now - cached.dueAtNanos() < 0) {
			this.counters.hits().increment();
			return Optional.of(cached.value());
		}
		Optional<V> loaded;
		try {
			loaded = loader.apply(key);
		}
		catch (RuntimeException ex) {
			if (cached == null || !DependencyFailures.isDependencyFailure(ex)) {
				throw ex;
			}
			this.entries.asMap()
				.replace(key, cached, new Entry<>(cached.value(), cached.loadedAtNanos(), now + this.ttlNanos));
			this.counters.staleAnswers().increment();
			return Optional.of(cached.value());
		}
		this.counters.misses().increment();
		if (loaded.isPresent()) {
			this.entries.put(key, new Entry<>(loaded.get(), now, now + this.ttlNanos));
		}
		else {
			this.entries.invalidate(key);
		}
		return loaded;
	}

	void invalidate(K key) {
		this.entries.invalidate(key);
	}

	void invalidateIf(Predicate<V> predicate) {
		this.entries.asMap().values().removeIf(entry -> predicate.test(entry.value()));
	}

	void clear() {
		this.entries.invalidateAll();
	}

	/**
	 * How the lookups of one cache were answered, as a meter with a {@code result} tag.
	 */
	record Counters(Counter hits, Counter misses, Counter staleAnswers) {

		static Counters register(MeterRegistry meters, String name, String description) {
			return new Counters(counter(meters, name, description, "hit"), counter(meters, name, description, "miss"),
					counter(meters, name, description, "stale"));
		}

		private static Counter counter(MeterRegistry meters, String name, String description, String result) {
			return Counter.builder(name).description(description).tag("result", result).register(meters);
		}

	}

}
