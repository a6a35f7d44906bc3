package dev.pipeline.ingress.system;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * What a client asked of a list: how many rows ({@code limit}, 1 to {@value #MAX_LIMIT},
 * {@value #DEFAULT_LIMIT} when absent) and from where ({@code cursor}, the {@code next}
 * of the previous page). Every list of the API pages this way (docs/api.md "Lists").
 *
 * @param limit rows of one page
 * @param after the end of the previous page; {@code null} for the first page
 */
public record PageRequest(int limit, @Nullable PageCursor after) {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 500;

	/** The query parameter of the cursor. */
	public static final String CURSOR = "cursor";

	/**
	 * @param list the list's name, which its cursors carry
	 * @throws ApiProblem 400 {@code bad-parameter} for a limit out of bounds,
	 * {@code bad-cursor} for a cursor the list did not hand out
	 */
	public static PageRequest of(String list, @Nullable Integer limit, @Nullable String cursor) {
		if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
			throw QueryParameters.badParameter("limit", limit.toString(), "a number from 1 to " + MAX_LIMIT);
		}
		return new PageRequest((limit != null) ? limit : DEFAULT_LIMIT,
				(cursor != null && !cursor.isEmpty()) ? PageCursor.decode(list, cursor) : null);
	}

	/**
	 * How many rows to read: one more than the page, to learn whether another follows.
	 */
	public int rowsToRead() {
		return this.limit + 1;
	}

	/**
	 * The page of rows read with {@link #rowsToRead()}, in list order.
	 * @param list the list's name, for the next cursor
	 * @param keyOf the sort key of a row
	 */
	public <T> Page<T> page(String list, List<T> rows, Function<T, PageCursor> keyOf) {
		if (rows.size() <= this.limit) {
			return new Page<>(rows, null);
		}
		List<T> shown = rows.subList(0, this.limit);
		return new Page<>(List.copyOf(shown), keyOf.apply(shown.get(shown.size() - 1)).encode(list));
	}

}
