package dev.pipeline.ingress.system;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} of the replaced projects: the overall status and the state of
 * Kafka, PostgreSQL and Redis; 503 when any of them is down. Public, so it says UP or
 * DOWN and nothing else: why a dependency is down (exception, timeout, host) is shown
 * only by {@code /actuator/health} on the management port, as are the Kubernetes-style
 * probes.
 */
@RestController
@Tag(name = "Health", description = "Public: the state of Kafka, PostgreSQL and Redis")
class HealthController {

	private final DependencyHealth dependencies;

	HealthController(DependencyHealth dependencies) {
		this.dependencies = dependencies;
	}

	@GetMapping("/health")
	@Operation(operationId = "getHealth", summary = "UP, or DOWN with 503 when a dependency is down")
	@SecurityRequirements
	@ApiResponse(responseCode = "200", description = "Every dependency is up",
			content = @Content(schema = @Schema(implementation = HealthAnswer.class)))
	@ApiResponse(responseCode = "503", description = "A dependency is down",
			content = @Content(schema = @Schema(implementation = HealthAnswer.class)))
	ResponseEntity<HealthAnswer> health() {
		Map<String, ComponentAnswer> components = new LinkedHashMap<>();
		this.dependencies.check().forEach((name, status) -> components.put(name, new ComponentAnswer(status)));
		boolean allUp = components.values()
			.stream()
			.allMatch(component -> DependencyHealth.UP.equals(component.status()));
		HealthAnswer answer = new HealthAnswer(allUp ? DependencyHealth.UP : DependencyHealth.DOWN, components);
		return ResponseEntity.status(allUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(answer);
	}

	record HealthAnswer(String status, Map<String, ComponentAnswer> components) {
	}

	/** A dependency's state alone: why it is down is for the management port. */
	record ComponentAnswer(String status) {
	}

}
