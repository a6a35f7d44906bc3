package dev.pipeline.aggregator.system;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Writes rows as one batch and, only when the database refuses the DATA of that batch,
 * again one row at a time, so a row that no retry could ever write is singled out instead
 * of failing its poll for ever. Refused data is PostgreSQL's SQLSTATE classes 22 and 23
 * (value too long, invalid text, out of range, a violated constraint), which Spring
 * reports as {@link DataIntegrityViolationException}, or a row that could not even be
 * bound (a non-JDBC exception). Every other failure (the database is down, slow or
 * restarting) is thrown, so the listener container retries the poll until the database is
 * back.
 */
public final class RowByRowFallback {

	private static final int MAX_REASON_LENGTH = 500;

	private RowByRowFallback() {
	}

	/**
	 * @param write writes the given rows, typically as one JDBC batch
	 * @return the rows the database refused, each with the reason (by identity)
	 */
	public static <R> Map<R, String> write(List<R> rows, Consumer<List<R>> write) {
		Map<R, String> refused = new IdentityHashMap<>();
		if (rows.isEmpty()) {
			return refused;
		}
		try {
			write.accept(rows);
			return refused;
		}
		catch (RuntimeException ex) {
			if (!refusedData(ex)) {
				throw ex;
			}
		}
		for (R row : rows) {
			try {
				write.accept(List.of(row));
			}
			catch (RuntimeException ex) {
				if (!refusedData(ex)) {
					throw ex;
				}
				refused.put(row, "PostgreSQL refused the row: " + reason(ex));
			}
		}
		return refused;
	}

	static boolean refusedData(RuntimeException ex) {
		return ex instanceof DataIntegrityViolationException || !(ex instanceof DataAccessException);
	}

	private static String reason(RuntimeException ex) {
		Throwable cause = (ex instanceof DataAccessException access) ? access.getMostSpecificCause() : ex;
		String text = (cause.getClass().getSimpleName() + ": " + cause.getMessage()).replaceAll("\\p{Cntrl}", " ");
		return (text.length() > MAX_REASON_LENGTH) ? text.substring(0, MAX_REASON_LENGTH) + "..." : text;
	}

}
