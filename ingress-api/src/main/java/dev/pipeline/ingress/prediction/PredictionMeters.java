package dev.pipeline.ingress.prediction;

import java.util.Map;

import dev.pipeline.ingress.model.ModelCatalog;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The ingress's prediction metrics beyond Boot's {@code http.server.requests}: every
 * server request gets a {@code model} tag (the route's {@code {model}} path variable, so
 * a dashboard can draw latency per route and model), and synchronous calls that fell back
 * to a 202 job are counted as {@code pipeline.prediction.fallbacks}
 * (docs/observability.md).
 *
 * <p>
 * Only models in the catalogue become tag values: a path names any model a client likes,
 * and each distinct tag is a time series Prometheus keeps, so an unknown name is
 * {@value #OTHER} and a route without a model {@value #NONE}.
 */
@Component
public class PredictionMeters implements ObservationFilter {

	static final String MODEL = "model";

	static final String OTHER = "other";

	static final String NONE = "none";

	private final MeterRegistry registry;

	private final ModelCatalog catalog;

	PredictionMeters(MeterRegistry registry, ModelCatalog catalog) {
		this.registry = registry;
		this.catalog = catalog;
	}

	/** Why a synchronous call was answered with a job instead of its result. */
	enum Fallback {

		/** The reply did not come within the wait budget. */
		TIMEOUT,

		/** No reply partition was assigned (a rebalance): sent as a job at once. */
		UNROUTABLE,

		/** Kafka did not acknowledge the send: the request waits in the job outbox. */
		KAFKA_UNAVAILABLE;

		String tag() {
			return name().toLowerCase().replace('_', '-');
		}

	}

	void fellBack(String model, Fallback reason) {
		this.registry.counter("pipeline.prediction.fallbacks", MODEL, modelTag(model), "reason", reason.tag())
			.increment();
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			context.addLowCardinalityKeyValue(KeyValue.of(MODEL, modelOf(server.getCarrier())));
		}
		return context;
	}

	private String modelOf(HttpServletRequest request) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
				&& variables.get(MODEL) instanceof String model) {
			return modelTag(model);
		}
		return NONE;
	}

	private String modelTag(String model) {
		return this.catalog.find(model).isPresent() ? model : OTHER;
	}

}
