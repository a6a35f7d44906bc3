package dev.pipeline.contracts;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The look-back window of a performance report, written as a count and a unit
 * ({@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}). Parsed in one place so the ingress
 * (validation, cache key) and the analyst (snapshot, cache key) agree that {@code 60m}
 * and {@code 1h} are the same window.
 */
public record AnalysisWindow(Duration duration) {

	/** Shortest window worth a report: the aggregates are per minute. */
	public static final Duration MIN = Duration.ofMinutes(1);

	/** Longest window; older aggregates may already be compacted away. */
	public static final Duration MAX = Duration.ofDays(30);

	private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,6})([smhd])");

	/**
	 * @return the window, or empty when the text is not a count and unit within [1m, 30d]
	 */
	public static Optional<AnalysisWindow> parse(String text) {
		Matcher matcher = FORMAT.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			return Optional.empty();
		}
		long count = Long.parseLong(matcher.group(1));
		Duration duration = switch (matcher.group(2)) {
			case "s" -> Duration.ofSeconds(count);
			case "m" -> Duration.ofMinutes(count);
			case "h" -> Duration.ofHours(count);
			default -> Duration.ofDays(count);
		};
		if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0) {
			return Optional.empty();
		}
		return Optional.of(new AnalysisWindow(duration));
	}

	/**
	 * The canonical text: the largest unit that divides the window exactly ({@code 60m} →
	 * {@code 1h}).
	 */
	public String canonical() {
		long seconds = this.duration.toSeconds();
		if (seconds % 86_400 == 0) {
			return seconds / 86_400 + "d";
		}
		if (seconds % 3_600 == 0) {
			return seconds / 3_600 + "h";
		}
		if (seconds % 60 == 0) {
			return seconds / 60 + "m";
		}
		return seconds + "s";
	}

}
