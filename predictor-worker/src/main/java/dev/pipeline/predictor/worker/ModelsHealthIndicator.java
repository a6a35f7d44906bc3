package dev.pipeline.predictor.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.predictor.model.ModelRepository;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the model repository under {@code /actuator/health} as {@code models}: UP
 * when at least one model is served and none failed to load, with each model's version,
 * backend and state (or the reason it failed).
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

	private final ModelRepository repository;

	ModelsHealthIndicator(ModelRepository repository) {
		this.repository = repository;
	}

	@Override
	public Health health() {
		Map<String, Object> models = new LinkedHashMap<>();
		boolean anyReady = false;
		boolean anyFailed = false;
		for (ModelRepository.Entry entry : this.repository.entries()) {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("version", entry.config().version());
			details.put("backend", entry.config().backend());
			details.put("inputKind", entry.config().inputKind());
			details.put("ready", entry.ready());
			if (entry.failure() != null) {
				details.put("failure", entry.failure());
			}
			models.put(entry.config().name(), details);
			anyReady |= entry.ready();
			anyFailed |= !entry.ready();
		}
		Health.Builder health = (anyReady && !anyFailed) ? Health.up() : Health.down();
		return health.withDetail("repository", this.repository.root().toAbsolutePath().toString())
			.withDetail("models", models)
			.build();
	}

}
