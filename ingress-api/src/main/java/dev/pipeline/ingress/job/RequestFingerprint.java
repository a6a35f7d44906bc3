package dev.pipeline.ingress.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes two submissions under one {@code Idempotency-Key} "the same": SHA-256 of the
 * model name and the body in canonical form (object members sorted, no insignificant
 * whitespace), so a retry that reorders fields or reformats is still recognised.
 */
final class RequestFingerprint {

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.build();

	private RequestFingerprint() {
	}

	static String of(String model, JsonNode body) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(model.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
			sha256.update(CANONICAL.writeValueAsBytes(body));
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
