package dev.pipeline.ingress.analysis;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pipeline.contracts.AnalysisWindow;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * A window text that {@link AnalysisWindow#parse} accepts. A constraint of its own rather
 * than a {@code @Pattern}, because the bounds (1 minute to 30 days) depend on the unit,
 * and the contract's parser is the one definition the analyst applies too. {@code null}
 * is valid, as for the standard constraints.
 */
@Documented
@Constraint(validatedBy = ValidWindow.Checker.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface ValidWindow {

	String message() default "must be a count and a unit (s, m, h, d) between 1m and 30d, e.g. 15m, 1h, 7d";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Checker implements ConstraintValidator<ValidWindow, String> {

		/** Longer than any valid window; not worth parsing. */
		private static final int MAX_LENGTH = 16;

		@Override
		public boolean isValid(@Nullable String window, ConstraintValidatorContext context) {
			return window == null || (window.length() <= MAX_LENGTH && AnalysisWindow.parse(window).isPresent());
		}

	}

}
