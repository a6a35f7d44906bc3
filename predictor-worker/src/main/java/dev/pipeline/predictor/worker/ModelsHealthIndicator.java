package dev.pipeline.predictor.worker;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pipeline.predictor.model.ModelRepository;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the model repository under {@code /actuator/health} as {@code models}: UP
 * when at least one model is served and none failed to load, with each model's default
 * version, backend and state (or the reason it failed), and the same for every version it
 * serves under {@code versions}.
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
		for (ModelRepository.Model model : this.repository.models()) {
			Map<String, Object> versions = new LinkedHashMap<>();
			for (ModelRepository.Entry entry : model.versions()) {
				versions.put(entry.config().version(), details(entry));
				anyReady |= entry.ready();
				anyFailed |= !entry.ready();
			}
			Map<String, Object> details = details(model.defaultEntry());
			details.put("versions", versions);
			if (model.failure() != null) {
				details.put("failure", model.failure());
			}
			models.put(model.name(), details);
		}
		Health.Builder health = (anyReady && !anyFailed) ? Health.up() : Health.down();
		return health.withDetail("repository", this.repository.root().toAbsolutePath().toString())
			.withDetail("models", models)
			.build();
	}

	private static Map<String, Object> details(ModelRepository.Entry entry) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("version", entry.config().version());
		details.put("backend", entry.config().backend());
		details.put("inputKind", entry.config().inputKind());
		details.put("ready", entry.ready());
		if (entry.failure() != null) {
			details.put("failure", entry.failure());
		}
		return details;
	}

}
