package dev.pipeline.ingress.prediction;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The wait budget a client asked for with RFC 7240 {@code Prefer}: {@code wait=<seconds>} sets
 * it (capped by configuration) and {@code respond-async} asks for the job answer at once.
 * Unknown or malformed preferences are ignored, as the RFC says.
 *
 * @param budget the wait budget to use
 * @param applied the {@code Preference-Applied} value to answer with, or {@code null} when the
 * client expressed no preference this route honours
 */
public record WaitPreference(Duration budget, @Nullable String applied) {

	public static WaitPreference of(@Nullable String prefer, Duration defaultWait, Duration maxWait) {
		if (prefer == null) {
			return new WaitPreference(defaultWait, null);
		}
		Duration requested = null;
		boolean respondAsync = false;
		for (String preference : prefer.split(",")) {
			String token = preference.split(";", 2)[0].trim();
			int eq = token.indexOf('=');
			String name = ((eq < 0) ? token : token.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
			String value = (eq < 0) ? "" : token.substring(eq + 1).trim().replace("\"", "");
			if (name.equals("respond-async")) {
				respondAsync = true;
			}
			else if (name.equals("wait") && requested == null) {
				requested = seconds(value);
			}
		}
		if (requested != null) {
			Duration wait = requested.compareTo(maxWait) > 0 ? maxWait : requested;
			return new WaitPreference(wait, "wait=" + wait.toSeconds());
		}
		if (respondAsync) {
			return new WaitPreference(Duration.ZERO, "respond-async");
		}
		return new WaitPreference(defaultWait, null);
	}

	private static @Nullable Duration seconds(String value) {
		try {
			long seconds = Long.parseLong(value);
			return (seconds >= 0) ? Duration.ofSeconds(seconds) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
