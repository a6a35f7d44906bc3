package dev.pipeline.predictor.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Announces the loaded models on the compacted {@code inference.models} topic, one
 * {@link ModelDescriptor} per model keyed by its name (its default version's fields and
 * the list of every served version), so the ingress learns names, versions, input kinds,
 * input and output tensors and readiness without a call to the worker. Announcements that
 * Kafka did not take (broker still starting) are retried in the background until it does.
 * Nothing is retracted on shutdown: other instances of the worker may still serve the
 * same models.
 */
@Component
class ModelCatalogPublisher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ModelCatalogPublisher.class);

	private static final long RETRY_SECONDS = 10;

	private final ModelRepository repository;

	private final KafkaTemplate<String, byte[]> template;

	private final PredictorTopics topics;

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "model-catalogue-retry");
		thread.setDaemon(true);
		return thread;
	});

	ModelCatalogPublisher(ModelRepository repository, KafkaTemplate<String, byte[]> template, PredictorTopics topics) {
		this.repository = repository;
		this.template = template;
		this.topics = topics;
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		announce(new ArrayList<>(this.repository.models()));
	}

	/**
	 * The model's record: its default version's fields, and every served version (see
	 * {@link ModelDescriptor} on why one record per model).
	 */
	static ModelDescriptor describe(ModelRepository.Model model, Instant now) {
		ModelRepository.Entry main = model.defaultEntry();
		ModelConfig config = main.config();
		List<ModelDescriptor.Version> versions = model.versions()
			.stream()
			.map(entry -> new ModelDescriptor.Version(entry.config().version(), entry.config().inputKind(),
					entry.config().description(), entry.config().maxBatchSize(), entry.ready(),
					entry.config().platform(), entry.config().inputs(), entry.config().outputs()))
			.toList();
		return new ModelDescriptor(ModelDescriptor.SCHEMA_VERSION, config.name(), config.version(), config.inputKind(),
				config.description(), config.maxBatchSize(), model.ready(), now, config.platform(), config.inputs(),
				config.outputs(), versions);
	}

	private void announce(List<ModelRepository.Model> models) {
		Instant now = Instant.now();
		List<ModelRepository.Model> failed = new ArrayList<>();
		for (ModelRepository.Model model : models) {
			ModelDescriptor descriptor = describe(model, now);
			try {
				// The worker's producer is transactional; an announcement is a
				// transaction of
				// its own, outside any poll's.
				byte[] value = PipelineJson.mapper().writeValueAsBytes(descriptor);
				this.template
					.executeInTransaction(operations -> operations.send(this.topics.models(), descriptor.name(), value))
					.get(this.topics.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
				logger.info("Announced model {} versions {}, default {} (ready: {})", descriptor.name(),
						model.versionNames(), descriptor.version(), descriptor.ready());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				logger.warn("Could not announce model {} on {} yet, retrying in {} s: {}", descriptor.name(),
						this.topics.models(), RETRY_SECONDS, ex.getMessage());
				failed.add(model);
			}
		}
		if (!failed.isEmpty() && !this.retries.isShutdown()) {
			this.retries.schedule(() -> announce(failed), RETRY_SECONDS, TimeUnit.SECONDS);
		}
	}

	@Override
	public void destroy() {
		this.retries.shutdownNow();
	}

}
