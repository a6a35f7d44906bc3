package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.pipeline.benchmark.target.IngressClient;

/**
 * Client-side balancing over the ingress instances, as a load balancer in front of them
 * would do it: round robin, and an instance whose connection failed is left out for a
 * moment (a health check's view of a dead instance).
 */
final class IngressPool {

	private static final long LEAVE_OUT_NANOS = 2_000_000_000L;

	private final List<IngressClient> clients;

	private final AtomicLongArray downUntil;

	private final AtomicInteger next = new AtomicInteger();

	IngressPool(List<String> baseUrls, String apiKey) {
		this.clients = baseUrls.stream().map(url -> new IngressClient(url, apiKey)).toList();
		this.downUntil = new AtomicLongArray(this.clients.size());
	}

	/** The next instance not left out; when all are, the next one anyway. */
	IngressClient next() {
		long now = System.nanoTime();
		for (int tries = 0; tries < this.clients.size(); tries++) {
			int index = Math.floorMod(this.next.getAndIncrement(), this.clients.size());
			if (this.downUntil.get(index) - now <= 0) {
				return this.clients.get(index);
			}
		}
		return this.clients.get(Math.floorMod(this.next.getAndIncrement(), this.clients.size()));
	}

	/** The first instance, for reads that any instance answers. */
	IngressClient first() {
		return this.clients.get(0);
	}

	void failed(IngressClient client) {
		int index = this.clients.indexOf(client);
		if (index >= 0) {
			this.downUntil.set(index, System.nanoTime() + LEAVE_OUT_NANOS);
		}
	}

}
