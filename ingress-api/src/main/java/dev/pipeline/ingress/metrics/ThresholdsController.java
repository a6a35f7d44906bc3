package dev.pipeline.ingress.metrics;

import java.util.List;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Alert thresholds per model. Setting them is an admin action: the accounts'
 * authentication filter checks {@code X-Admin-Token} and marks the {@link Caller} as
 * admin; any other caller (an account's API key) is refused with 403. Reading them is
 * open to every caller.
 */
@RestController
@Tag(name = "Metrics")
class ThresholdsController {

	private final ThresholdStore store;

	ThresholdsController(ThresholdStore store) {
		this.store = store;
	}

	@PutMapping({ "/v1/metrics/thresholds", "/metrics/thresholds" })
	@Operation(operationId = "putThresholds", summary = "Replace a model's alert thresholds (admin token)")
	@SecurityRequirement(name = "adminToken")
	ThresholdStore.ThresholdsView put(
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					schema = @Schema(implementation = ThresholdsRequest.class),
					examples = @ExampleObject(name = "sentiment",
							value = "{\"model\": \"sentiment\", \"p95LatencyMs\": 250, \"maxErrorRate\": 0.05, "
									+ "\"minMeanConfidence\": 0.6}"))) @Valid @RequestBody ThresholdsRequest request,
			Caller caller) {
		if (!caller.admin()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-only", "Admin only",
					"Setting thresholds needs the admin token (X-Admin-Token), not an account's API key.");
		}
		return this.store.put(request.model().trim(), request.p95LatencyMs(), request.maxErrorRate(),
				request.minMeanConfidence(), (request.minWindowCount() != null) ? request.minWindowCount() : 1);
	}

	@GetMapping({ "/v1/metrics/thresholds", "/metrics/thresholds" })
	@Operation(operationId = "listThresholds", summary = "Every model's alert thresholds")
	Thresholds all() {
		return new Thresholds(this.store.all());
	}

	/** {@code {"thresholds": [...]}}. */
	record Thresholds(List<ThresholdStore.ThresholdsView> thresholds) {
	}

}
