package dev.pipeline.ingress.system;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.zip.CRC32;

import org.springframework.http.HttpStatus;

/**
 * Where a page of a list ends: the sort key ({@code at}, {@code id}) of its last row. The
 * lists are ordered by that key, newest first, so the next page is every row with a
 * smaller key: rows inserted meanwhile have newer keys and land before the cursor, so no
 * row is shown twice or skipped (keyset pagination, docs/api.md "Lists").
 *
 * <p>
 * On the wire the cursor is opaque: base64url of the list's name, the key and a CRC-32 of
 * them. The checksum and the name make a cursor that was cut, edited or handed out by
 * another list a 400 instead of a page from somewhere; a cursor forged with a matching
 * checksum only moves the start within the caller's own rows, because every filter,
 * ownership first, is applied on the server again.
 *
 * @param at the row's time (its {@code submitted_at}, {@code created_at} or
 * {@code raised_at}) as stored, to the microsecond
 * @param id the row's id, which breaks ties of equal times
 */
public record PageCursor(Instant at, String id) {

	private static final int MAX_LENGTH = 512;

	private static final char SEPARATOR = '\n';

	/** The cursor as the {@code next} value of a page of the named list. */
	public String encode(String list) {
		String payload = list + SEPARATOR + this.at + SEPARATOR + this.id;
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((checksum(payload) + SEPARATOR + payload).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Reads a cursor that a page of the named list handed out.
	 * @throws ApiProblem 400 {@code bad-cursor} for anything else
	 */
	public static PageCursor decode(String list, String token) {
		if (token.length() > MAX_LENGTH) {
			throw badCursor();
		}
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw badCursor();
		}
		String[] parts = text.split(String.valueOf(SEPARATOR), 4);
		if (parts.length != 4 || !parts[1].equals(list) || parts[3].isEmpty()
				|| !parts[0].equals(checksum(text.substring(parts[0].length() + 1)))) {
			throw badCursor();
		}
		try {
			return new PageCursor(Instant.parse(parts[2]), parts[3]);
		}
		catch (DateTimeParseException ex) {
			throw badCursor();
		}
	}

	private static String checksum(String payload) {
		CRC32 crc = new CRC32();
		crc.update(payload.getBytes(StandardCharsets.UTF_8));
		return Long.toHexString(crc.getValue());
	}

	private static ApiProblem badCursor() {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "bad-cursor", "Bad cursor",
				"The cursor is not one this list handed out. Start again without 'cursor', or follow the 'next'"
						+ " value (or the Link header) of the previous page as it was given.")
			.with("parameter", PageRequest.CURSOR);
	}

}
