package dev.pipeline.ingress.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature (https://www.standardwebhooks.com/): HMAC-SHA256, keyed
 * with the base64-decoded part of the secret after {@code whsec_}, over
 * {@code <Webhook-Id>.<Webhook-Timestamp>.<body>}, sent as {@code v1,<base64>} in
 * {@code Webhook-Signature}. The timestamp is signed with the body, so a receiver that
 * refuses old timestamps cannot be fed a replayed delivery.
 */
final class WebhookSignature {

	static final String ID = "Webhook-Id";

	static final String TIMESTAMP = "Webhook-Timestamp";

	static final String SIGNATURE = "Webhook-Signature";

	private WebhookSignature() {
	}

	/**
	 * @param secret {@code whsec_} and the base64 of the key, as issued
	 * @param timestamp seconds since the epoch
	 * @return the {@code Webhook-Signature} header's value
	 */
	static String sign(String secret, String id, long timestamp, byte[] body) {
		String encodedKey = secret.startsWith(WebhookSecrets.PREFIX) ? secret.substring(WebhookSecrets.PREFIX.length())
				: secret;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(encodedKey), "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
