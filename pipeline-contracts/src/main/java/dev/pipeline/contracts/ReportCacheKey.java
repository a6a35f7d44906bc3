package dev.pipeline.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Which performance report answers a request: everything the report depends on (model,
 * window, account scope, snapshot bucket and prompt version). The ingress (to answer from
 * the cache without a Kafka round trip) and the analyst (to fill the cache) derive it
 * here, so they always agree; its {@link #hash()} names the cached report (where it is
 * kept is {@code pipeline-reports}' business).
 *
 * @param model the model name, as requested
 * @param window the canonical window text ({@link AnalysisWindow#canonical()})
 * @param accountScope the account the report covers, or {@link #ALL_ACCOUNTS}
 * @param bucket the end of the snapshot window: the request time floored to
 * {@link #BUCKET}
 * @param promptVersion the version of the prompt text the report is written with
 */
public record ReportCacheKey(String model, String window, String accountScope, Instant bucket, String promptVersion) {

	/** Version of the analyst's prompt text; bump it whenever the prompt changes. */
	public static final String PROMPT_VERSION = "performance-report/v1";

	/**
	 * Reports are computed over windows ending on a whole minute, the aggregates'
	 * resolution.
	 */
	public static final Duration BUCKET = Duration.ofMinutes(1);

	/** Scope of a report over every account's traffic. */
	public static final String ALL_ACCOUNTS = "*";

	/** The key of a report requested at {@code requestedAt} with the current prompt. */
	public static ReportCacheKey of(String model, AnalysisWindow window, @Nullable String accountId,
			Instant requestedAt) {
		return new ReportCacheKey(model, window.canonical(), accountId == null ? ALL_ACCOUNTS : accountId,
				bucketOf(requestedAt), PROMPT_VERSION);
	}

	/** The snapshot bucket (window end) of a request made at {@code at}. */
	public static Instant bucketOf(Instant at) {
		long bucketSeconds = BUCKET.toSeconds();
		return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), bucketSeconds) * bucketSeconds);
	}

	/** Lower-cased hex SHA-256 of {@link #canonical()}. */
	public String hash() {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(canonical().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM ships SHA-256", ex);
		}
	}

	/**
	 * One line, fields in a fixed order, each length-prefixed so no value can be confused
	 * with a separator (a model named {@code a|window=1h} cannot collide with another
	 * key).
	 */
	public String canonical() {
		return "v1" + field("model", this.model) + field("window", this.window) + field("scope", this.accountScope)
				+ field("bucket", String.valueOf(this.bucket.getEpochSecond())) + field("prompt", this.promptVersion);
	}

	private static String field(String name, String value) {
		return "|" + name + ":" + value.length() + ":" + value;
	}

}
