package dev.pipeline.ingress.prediction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * A client's {@code Idempotency-Key} with the fingerprint of the request it came with.
 * Jobs and synchronous predictions honour it alike: the same key with the same body is
 * the same request (answered from the first, never charged or computed again), with
 * another body a 409. A synchronous caller whose connection broke retries with its key
 * and gets the first request's result (or its job while it runs) instead of a second
 * prediction.
 *
 * @param key the header's value
 * @param requestHash SHA-256 of the model name and the body in canonical form (object
 * members sorted, no insignificant whitespace), so a retry that reorders fields or
 * reformats is still recognised
 */
public record IdempotencyKey(String key, String requestHash) {

	public static final String HEADER = "Idempotency-Key";

	/** Set on an answer that comes from an earlier request with the same key. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final JsonMapper CANONICAL = JsonMapper.builder()
		.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
		.build();

	/**
	 * @return {@code null} when the client sent no key
	 * @throws ApiProblem 400 for a key that is empty, too long or not visible ASCII
	 */
	public static @Nullable IdempotencyKey of(@Nullable String header, String model, JsonNode body) {
		if (header == null) {
			return null;
		}
		if (header.isEmpty() || header.length() > 255 || !header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
			throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key", "Invalid Idempotency-Key",
					"An Idempotency-Key must be 1 to 255 visible ASCII characters.");
		}
		return new IdempotencyKey(header, fingerprint(model, body));
	}

	static String fingerprint(String model, JsonNode body) {
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
