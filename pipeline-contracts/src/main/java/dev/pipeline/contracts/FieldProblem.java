package dev.pipeline.contracts;

/**
 * One thing wrong with one field of a request, in words a client can act on.
 *
 * @param field where, e.g. {@code inputs[3]} or {@code id}
 * @param message what is wrong, e.g. "must not have more than 10000 points"
 */
public record FieldProblem(String field, String message) {

	@Override
	public String toString() {
		return this.field + " " + this.message;
	}

}
