package dev.pipeline.ingress.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The shape of API keys: {@code pk_} followed by 192 random bits in base64url (32
 * characters). Only the SHA-256 of a key is stored; a fast hash is enough because the key
 * is random, not a password, so there is nothing to brute-force from the hash. The first
 * {@link #PREFIX_LENGTH} characters are the key's non-secret prefix, which finds the
 * candidate rows; the remaining 144 bits stay secret.
 */
final class ApiKeys {

	static final String MARKER = "pk_";

	static final int RANDOM_BYTES = 24;

	static final int KEY_LENGTH = MARKER.length() + 32;

	static final int PREFIX_LENGTH = MARKER.length() + 8;

	private static final SecureRandom random = new SecureRandom();

	private ApiKeys() {
	}

	static String newKey() {
		byte[] bytes = new byte[RANDOM_BYTES];
		random.nextBytes(bytes);
		return MARKER + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static boolean isWellFormed(String key) {
		return key.length() == KEY_LENGTH && key.startsWith(MARKER);
	}

	static String prefixOf(String key) {
		return key.substring(0, PREFIX_LENGTH);
	}

	static byte[] hash(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	static String hex(byte[] hash) {
		return HexFormat.of().formatHex(hash);
	}

}
