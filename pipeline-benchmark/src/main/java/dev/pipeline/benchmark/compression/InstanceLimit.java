package dev.pipeline.benchmark.compression;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack's {@code ingress.prediction.limits.max-instances}, read from the problem a
 * too-large request gets ({@code RequestRules}: "must not have more than N instances"),
 * so the scenario can send the largest request the stack takes when it is below the one
 * asked for.
 */
final class InstanceLimit {

	private static final Pattern LIMIT = Pattern.compile("more than (\\d+) instances");

	private InstanceLimit() {
	}

	static OptionalInt parse(String problem) {
		Matcher matcher = LIMIT.matcher(problem);
		return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
	}

}
