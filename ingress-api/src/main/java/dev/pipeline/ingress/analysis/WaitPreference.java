package dev.pipeline.ingress.analysis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: respond-async, wait=5}): how many
 * seconds the client is willing to wait, capped by configuration.
 */
final class WaitPreference {

	private static final Pattern WAIT = Pattern.compile("(?i)(?:^|[,;\\s])wait\\s*=\\s*\"?(\\d{1,9})\"?");

	private WaitPreference() {
	}

	static Duration of(@Nullable String prefer, Duration defaultWait, Duration maxWait) {
		if (prefer != null) {
			Matcher matcher = WAIT.matcher(prefer);
			if (matcher.find()) {
				Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
				return asked.compareTo(maxWait) > 0 ? maxWait : asked;
			}
		}
		return defaultWait.compareTo(maxWait) > 0 ? maxWait : defaultWait;
	}

}
