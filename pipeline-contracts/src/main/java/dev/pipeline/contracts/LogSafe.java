package dev.pipeline.contracts;

import org.jspecify.annotations.Nullable;

/**
 * Makes text from a record or a request fit for one log line. Ids, model names and error
 * messages from direct producers are attacker-controlled: a CR or LF in them would forge
 * log lines, other control characters garble terminals, and a 200 KB id would flood the
 * log. Control characters (and the backslash, so an escape cannot be faked) become
 * Java-style escapes, and long text is cut with its length noted.
 */
public final class LogSafe {

	/** Characters kept of a longer text; enough for any valid id or model name. */
	public static final int MAX_LENGTH = 256;

	private LogSafe() {
	}

	/**
	 * The value's text with {@code \r}, {@code \n}, {@code \t}, {@code \\} and
	 * {@code \\uXXXX} for every other control character (C0, DEL, C1, and the Unicode
	 * line and paragraph separators), cut to {@link #MAX_LENGTH} characters;
	 * {@code "null"} for null.
	 */
	public static String escape(@Nullable Object value) {
		return escape(value, MAX_LENGTH);
	}

	/**
	 * {@link #escape(Object)} with another bound, for text that carries more than one
	 * value.
	 */
	public static String escape(@Nullable Object value, int maxLength) {
		String text = String.valueOf(value);
		int length = Math.min(text.length(), maxLength);
		StringBuilder escaped = new StringBuilder(length + 16);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\r' -> escaped.append("\\r");
				case '\n' -> escaped.append("\\n");
				case '\t' -> escaped.append("\\t");
				case '\\' -> escaped.append("\\\\");
				default -> {
					if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		if (text.length() > length) {
			escaped.append("...(").append(text.length()).append(" characters)");
		}
		return escaped.toString();
	}

}
