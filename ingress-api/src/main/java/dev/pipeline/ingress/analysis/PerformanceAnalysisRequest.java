package dev.pipeline.ingress.analysis;

import dev.pipeline.contracts.AnalysisWindow;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /v1/analysis/performance}. Checked with Bean Validation (a 422 with
 * field {@code errors}, like every other body); whether the model is served is checked by
 * {@link AnalysisController}, since that needs the catalogue.
 *
 * @param model the served model to analyse, without surrounding white space
 * @param window a count and a unit, {@code 90s} to {@code 30d}; {@code 1h} when absent
 */
record PerformanceAnalysisRequest(
		@NotBlank @Size(max = 128, message = "must not be longer than {max} characters") @Nullable String model,
		@ValidWindow String window) {

	static final String DEFAULT_WINDOW = "1h";

	PerformanceAnalysisRequest {
		model = (model != null) ? model.strip() : null;
		window = (window != null) ? window : DEFAULT_WINDOW;
	}

	/** The window, once the body has been validated. */
	AnalysisWindow analysisWindow() {
		return AnalysisWindow.parse(this.window).orElseThrow();
	}

}
