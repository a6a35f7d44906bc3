package dev.pipeline.ingress.system;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} of the replaced projects: the overall status and the state of Kafka,
 * PostgreSQL and Redis; 503 when any of them is down. (Kubernetes-style probes stay on
 * {@code /actuator/health}.)
 */
@RestController
class HealthController {

	private final DependencyHealth dependencies;

	HealthController(DependencyHealth dependencies) {
		this.dependencies = dependencies;
	}

	@GetMapping("/health")
	ResponseEntity<HealthAnswer> health() {
		Map<String, Map<String, String>> components = this.dependencies.check();
		boolean allUp = components.values()
			.stream()
			.allMatch(state -> DependencyHealth.UP.equals(state.get("status")));
		HealthAnswer answer = new HealthAnswer(allUp ? DependencyHealth.UP : DependencyHealth.DOWN, components);
		return ResponseEntity.status(allUp ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(answer);
	}

	record HealthAnswer(String status, Map<String, Map<String, String>> components) {
	}

}
