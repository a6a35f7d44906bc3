package dev.pipeline.benchmark.lists;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Link: <...>; rel="next"} header of a list page (RFC 8288, docs/api.md
 * "Lists"), which the scenario follows to a deep page as a client would.
 */
final class NextLink {

	/** One link-value: the target in angle brackets, then its parameters. */
	private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");

	private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

	private NextLink() {
	}

	/**
	 * The target of the link whose {@code rel} includes {@code next}, empty when there is
	 * none (the last page).
	 */
	static Optional<String> of(Optional<String> header) {
		if (header.isEmpty()) {
			return Optional.empty();
		}
		Matcher link = LINK.matcher(header.get());
		while (link.find()) {
			Matcher rel = REL_NEXT.matcher(link.group(2));
			while (rel.find()) {
				for (String type : rel.group(1).trim().split("\\s+")) {
					if (type.equalsIgnoreCase("next")) {
						return Optional.of(link.group(1));
					}
				}
			}
		}
		return Optional.empty();
	}

}
