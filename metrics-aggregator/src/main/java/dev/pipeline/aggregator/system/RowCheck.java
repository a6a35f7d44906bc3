package dev.pipeline.aggregator.system;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Says why a value cannot become a PostgreSQL row, before the database sees it: a
 * required field missing, text longer than its column, text PostgreSQL cannot store at
 * all (a NUL character, refused in TEXT and in JSONB alike; an unpaired UTF-16
 * surrogate), an instant outside the years a timestamp column is sure to hold. Sent as
 * is, such a value fails its whole batch on every retry; checked here, it becomes one
 * rejected record with a reason. Reasons name fields and limits, never the offending
 * text.
 */
public final class RowCheck {

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private final List<String> problems = new ArrayList<>(1);

	public RowCheck required(String field, @Nullable Object value) {
		if (value == null) {
			this.problems.add("\"" + field + "\" is missing");
		}
		return this;
	}

	/** Text for a {@code VARCHAR(maxLength)} column (PostgreSQL counts code points). */
	public RowCheck text(String field, @Nullable String value, int maxLength) {
		if (value != null && storable(field, value)) {
			int length = value.codePointCount(0, value.length());
			if (length > maxLength) {
				this.problems.add("\"" + field + "\" is " + length + " characters long, its column holds " + maxLength);
			}
		}
		return this;
	}

	/** Text for a {@code TEXT} column. */
	public RowCheck text(String field, @Nullable String value) {
		if (value != null) {
			storable(field, value);
		}
		return this;
	}

	/** Every string and field name inside a JSONB value. */
	public RowCheck json(String field, @Nullable JsonNode value) {
		Deque<JsonNode> pending = new ArrayDeque<>();
		if (value != null) {
			pending.push(value);
		}
		while (!pending.isEmpty()) {
			JsonNode node = pending.pop();
			if (node.isString() && !storable(field, node.stringValue())) {
				return this;
			}
			if (node.isObject()) {
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					if (!storable(field, property.getKey())) {
						return this;
					}
					pending.push(property.getValue());
				}
			}
			else if (node.isArray()) {
				node.values().forEach(pending::push);
			}
		}
		return this;
	}

	public RowCheck instant(String field, @Nullable Instant value) {
		if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
			this.problems.add("\"" + field + "\" is outside the years 1 to 9999");
		}
		return this;
	}

	/** A problem found by the caller's own rule. */
	public RowCheck problem(String problem) {
		this.problems.add(problem);
		return this;
	}

	/** Why the value cannot be stored, or {@code null} if it can. */
	public @Nullable String reason() {
		return this.problems.isEmpty() ? null : String.join("; ", this.problems);
	}

	private boolean storable(String field, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				this.problems.add("\"" + field + "\" contains a NUL character, which PostgreSQL cannot store");
				return false;
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				this.problems.add("\"" + field + "\" contains an unpaired surrogate, which is not Unicode text");
				return false;
			}
		}
		return true;
	}

}
