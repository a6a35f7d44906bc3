package dev.pipeline.analyst.report;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How the rule-based report writes numbers, shared by its sections so every section
 * prints a count, a rate or a latency the same way (and in the root locale, so the text
 * is the same on every host).
 */
final class ReportNumbers {

	private ReportNumbers() {
	}

	static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	static String percent(double fraction) {
		return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
	}

	static String ms(@Nullable Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f ms", value);
	}

	static String decimal(@Nullable Double value) {
		return value == null ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
	}

	static String number(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

	/**
	 * A label's share of all labelled results, or {@code null} when it has none (or there
	 * are none).
	 */
	static @Nullable Double share(Map<String, Long> counts, String label) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		Long n = counts.get(label);
		return (total == 0 || n == null) ? null : (double) n / total;
	}

}
