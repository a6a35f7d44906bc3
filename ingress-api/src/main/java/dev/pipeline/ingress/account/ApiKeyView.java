package dev.pipeline.ingress.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** An API key as shown to admins and owners: never the key, only its prefix. */
record ApiKeyView(String id, String prefix, Instant createdAt, @Nullable Instant revokedAt,
		@Nullable Instant lastUsedAt) {

}
