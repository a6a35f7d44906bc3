package dev.pipeline.ingress.account;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded map whose entries expire after a fixed time. Key lookups need nothing more, so this
 * stays a few lines instead of a cache library (Caffeine is not among the project's chosen
 * dependencies, and Spring's simple cache has neither expiry nor a bound). When full it first
 * drops expired entries and, if that is not enough, everything: a burst of misses then costs one
 * database query per key, never unbounded memory.
 */
final class ExpiringCache<K, V> {

	private record Entry<V>(V value, long expiresAtNanos) {
	}

	private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

	private final long ttlNanos;

	private final int maxSize;

	ExpiringCache(Duration ttl, int maxSize) {
		this.ttlNanos = ttl.toNanos();
		this.maxSize = maxSize;
	}

	V get(K key, Function<K, V> loader) {
		long now = System.nanoTime();
		Entry<V> entry = this.entries.get(key);
		if (entry != null && now - entry.expiresAtNanos() < 0) {
			return entry.value();
		}
		V value = loader.apply(key);
		if (this.entries.size() >= this.maxSize) {
			this.entries.values().removeIf(candidate -> now - candidate.expiresAtNanos() >= 0);
			if (this.entries.size() >= this.maxSize) {
				this.entries.clear();
			}
		}
		this.entries.put(key, new Entry<>(value, now + this.ttlNanos));
		return value;
	}

	void invalidate(K key) {
		this.entries.remove(key);
	}

	void invalidateIf(Predicate<V> predicate) {
		this.entries.values().removeIf(entry -> predicate.test(entry.value()));
	}

	void clear() {
		this.entries.clear();
	}

}
