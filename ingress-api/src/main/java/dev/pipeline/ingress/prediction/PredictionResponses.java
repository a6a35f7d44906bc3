package dev.pipeline.ingress.prediction;

import java.util.function.Function;

import dev.pipeline.ingress.system.WaitPreference;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The response of every synchronous prediction route ({@code /v1}, the compatibility
 * routes, {@code /v2}), so they differ only in the body of a result: {@code 200} with it,
 * or {@code 202} with {@code Location} and the job while the prediction runs;
 * {@code Preference-Applied} for the {@code Prefer} the route honoured, or
 * {@code Idempotent-Replayed} when the answer is an earlier request's.
 */
public final class PredictionResponses {

	private PredictionResponses() {
	}

	/**
	 * @param body the route's own body of a result ({@link PredictionOutcome#result()} is
	 * set)
	 */
	public static ResponseEntity<PredictionAnswer> of(PredictionOutcome outcome, WaitPreference preference,
			Function<PredictionOutcome, ? extends PredictionAnswer> body) {
		HttpHeaders headers = new HttpHeaders();
		if (outcome.replayed()) {
			// A replay answers what there is at once: it waited for nothing, so no
			// preference was applied.
			headers.set(IdempotencyKey.REPLAYED_HEADER, "true");
		}
		else if (preference.applied() != null) {
			headers.set(WaitPreference.PREFERENCE_APPLIED, preference.applied());
		}
		if (outcome.queued()) {
			JobTicket ticket = outcome.ticket();
			headers.set(HttpHeaders.LOCATION, ticket.location());
			return ResponseEntity.status(HttpStatus.ACCEPTED).headers(headers).body(ticket);
		}
		return ResponseEntity.ok().headers(headers).body(body.apply(outcome));
	}

}
