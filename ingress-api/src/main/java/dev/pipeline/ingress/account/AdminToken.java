package dev.pipeline.ingress.account;

import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The configured admin secret, compared in constant time (through hashes, so length leaks
 * nothing).
 */
@Component
class AdminToken {

	private final byte @Nullable [] expectedHash;

	AdminToken(AccountsProperties properties) {
		this.expectedHash = properties.hasAdminToken() ? ApiKeys.hash(properties.adminToken()) : null;
	}

	boolean matches(@Nullable String presented) {
		if (this.expectedHash == null || presented == null) {
			return false;
		}
		return MessageDigest.isEqual(this.expectedHash, ApiKeys.hash(presented));
	}

	boolean configured() {
		return this.expectedHash != null;
	}

}
