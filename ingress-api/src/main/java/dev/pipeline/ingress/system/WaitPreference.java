package dev.pipeline.ingress.system;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The wait budget a client asked for with RFC 7240 {@code Prefer}, the one reading of
 * that header for every route that waits for a result (predictions, analyses):
 * {@code wait=<seconds>} sets it, capped by configuration, and {@code respond-async} asks
 * for the pending answer at once. Preferences are split as the RFC defines them
 * (comma-separated, each with optional {@code ;} parameters), so a {@code wait} parameter
 * of some other preference is not taken for one. Unknown or malformed preferences are
 * ignored, as the RFC says.
 *
 * @param budget the wait budget to use, never more than the configured maximum
 * @param applied the {@code Preference-Applied} value to answer with, or {@code null}
 * when the client expressed no preference this route honours
 */
public record WaitPreference(Duration budget, @Nullable String applied) {

	/** The request header clients state their preferences in (RFC 7240). */
	public static final String PREFER = "Prefer";

	/** The response header naming the preferences that were honoured (RFC 7240). */
	public static final String PREFERENCE_APPLIED = "Preference-Applied";

	/**
	 * More digits than any configured maximum could need; longer values are capped, not
	 * parsed.
	 */
	private static final int MAX_DIGITS = 18;

	public static WaitPreference of(@Nullable String prefer, Duration defaultWait, Duration maxWait) {
		if (prefer != null) {
			Duration requested = null;
			boolean respondAsync = false;
			for (String preference : prefer.split(",")) {
				String token = preference.split(";", 2)[0].trim();
				int eq = token.indexOf('=');
				String name = ((eq < 0) ? token : token.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
				String value = (eq < 0) ? "" : token.substring(eq + 1).trim().replace("\"", "");
				if (name.equals("respond-async")) {
					respondAsync = true;
				}
				else if (name.equals("wait") && requested == null) {
					requested = seconds(value, maxWait);
				}
			}
			if (requested != null) {
				Duration wait = capped(requested, maxWait);
				return new WaitPreference(wait, "wait=" + wait.toSeconds());
			}
			if (respondAsync) {
				return new WaitPreference(Duration.ZERO, "respond-async");
			}
		}
		return new WaitPreference(capped(defaultWait, maxWait), null);
	}

	/**
	 * RFC 7240's {@code wait} is delta-seconds: digits only, so signs and fractions are
	 * malformed.
	 */
	private static @Nullable Duration seconds(String value, Duration maxWait) {
		if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return null;
		}
		// RFC 9111 §1.2.2: a delta-seconds too large to represent means "as long as
		// possible".
		return (value.length() > MAX_DIGITS) ? maxWait : Duration.ofSeconds(Long.parseLong(value));
	}

	private static Duration capped(Duration wait, Duration maxWait) {
		return (wait.compareTo(maxWait) > 0) ? maxWait : wait;
	}

}
