package dev.pipeline.ingress.webhook;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each account's webhook signing secret ({@code webhook_secrets}, schema V16_2): 32
 * random bytes, shown as {@code whsec_} and their base64, the Standard Webhooks form.
 * Issuing a new one replaces the old one at once: deliveries after that are signed with
 * the new secret.
 */
@Repository
class WebhookSecrets {

	static final String PREFIX = "whsec_";

	private static final int SECRET_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	WebhookSecrets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Creates or replaces the account's secret; the only time it is shown. */
	IssuedSecret issue(String accountId) {
		byte[] key = new byte[SECRET_BYTES];
		this.random.nextBytes(key);
		String secret = PREFIX + Base64.getEncoder().encodeToString(key);
		Instant now = Instant.now();
		this.jdbc.sql("""
				INSERT INTO webhook_secrets (account_id, secret, created_at) VALUES (?, ?, ?)
				ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at""")
			.params(accountId, secret, now.atOffset(ZoneOffset.UTC))
			.update();
		return new IssuedSecret(secret, now);
	}

	Optional<String> find(String accountId) {
		return this.jdbc.sql("SELECT secret FROM webhook_secrets WHERE account_id = ?")
			.param(accountId)
			.query(String.class)
			.optional();
	}

	boolean exists(String accountId) {
		return find(accountId).isPresent();
	}

	/**
	 * The answer of {@code POST /v1/account/webhook-secret}.
	 *
	 * @param secret {@code whsec_} and the base64 of the key: shown once, keep it
	 * @param createdAt from then on every webhook is signed with it
	 */
	record IssuedSecret(String secret, Instant createdAt) {
	}

}
