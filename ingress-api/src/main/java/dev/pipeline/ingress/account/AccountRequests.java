package dev.pipeline.ingress.account;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Bodies of the admin API. */
final class AccountRequests {

	/**
	 * Highest rate an account may be given: a sanity bound, far above one instance's
	 * capacity.
	 */
	static final int MAX_RATE_PER_MINUTE = 1_000_000;

	private AccountRequests() {
	}

	/** {@code POST /v1/admin/accounts}. */
	record NewAccount(@NotBlank @Size(max = 255) @Nullable String name,
			@NotNull @PositiveOrZero @Nullable Long quotaLimit,
			@NotNull @Positive @Max(MAX_RATE_PER_MINUTE) @Nullable Integer ratePerMinute) {
	}

	/** {@code PATCH /v1/admin/accounts/{id}}: only the members present change. */
	record AccountChanges(@Size(min = 1, max = 255) @Nullable String name, @PositiveOrZero @Nullable Long quotaLimit,
			@Positive @Max(MAX_RATE_PER_MINUTE) @Nullable Integer ratePerMinute) {

		@AssertTrue(message = "give at least one of name, quotaLimit, ratePerMinute")
		boolean isAnyChange() {
			return this.name != null || this.quotaLimit != null || this.ratePerMinute != null;
		}

	}

}
