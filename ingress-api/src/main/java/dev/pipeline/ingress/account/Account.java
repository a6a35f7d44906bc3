package dev.pipeline.ingress.account;

import java.time.Instant;

/** An account as stored in PostgreSQL; {@code quotaUsed} is the last synced usage. */
record Account(String id, String name, long quotaLimit, long quotaUsed, int ratePerMinute, Instant createdAt,
		Instant updatedAt) {

}
