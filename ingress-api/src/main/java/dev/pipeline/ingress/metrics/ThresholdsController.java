package dev.pipeline.ingress.metrics;

import java.util.List;
import java.util.Map;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
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
class ThresholdsController {

	private final ThresholdStore store;

	ThresholdsController(ThresholdStore store) {
		this.store = store;
	}

	@PutMapping({ "/v1/metrics/thresholds", "/metrics/thresholds" })
	ThresholdStore.ThresholdsView put(@Valid @RequestBody ThresholdsRequest request, Caller caller) {
		if (!caller.admin()) {
			throw new ApiProblem(HttpStatus.FORBIDDEN, "admin-only", "Admin only",
					"Setting thresholds needs the admin token (X-Admin-Token), not an account's API key.");
		}
		return this.store.put(request.model().trim(), request.p95LatencyMs(), request.maxErrorRate(),
				request.minMeanConfidence(), (request.minWindowCount() != null) ? request.minWindowCount() : 1);
	}

	@GetMapping({ "/v1/metrics/thresholds", "/metrics/thresholds" })
	Map<String, List<ThresholdStore.ThresholdsView>> all() {
		return Map.of("thresholds", this.store.all());
	}

}
