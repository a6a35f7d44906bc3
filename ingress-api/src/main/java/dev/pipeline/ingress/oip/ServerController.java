package dev.pipeline.ingress.oip;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.ModelTensor;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.oip.ProtocolMessages.ModelMetadata;
import dev.pipeline.ingress.oip.ProtocolMessages.ModelReady;
import dev.pipeline.ingress.oip.ProtocolMessages.ServerLive;
import dev.pipeline.ingress.oip.ProtocolMessages.ServerMetadata;
import dev.pipeline.ingress.oip.ProtocolMessages.ServerReady;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The protocol's server and model metadata and health: {@code GET /v2},
 * {@code /v2/health/live}, {@code /v2/health/ready},
 * {@code /v2/models/{model}[/versions/{version}]} and its {@code /ready}, all from the
 * model catalogue. A probe that is not ready answers 503 with {@code Retry-After} and the
 * protocol's error object, so a Kubernetes probe reads the status and a protocol client
 * the reason.
 */
@RestController
class ServerController {

	/** The server's name in its metadata. */
	static final String SERVER_NAME = "pipeline-ingress";

	private static final String RETRY_SECONDS = "5";

	private final ModelCatalog catalog;

	ServerController(ModelCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/v2")
	ServerMetadata server() {
		String version = ServerController.class.getPackage().getImplementationVersion();
		return new ServerMetadata(SERVER_NAME, (version != null) ? version : "development", List.of());
	}

	/** The process answers: the liveness probe asks no more. */
	@GetMapping("/v2/health/live")
	@Operation(operationId = "serverLive", summary = "Open Inference Protocol liveness probe")
	@SecurityRequirements
	ServerLive live() {
		return new ServerLive(true);
	}

	/**
	 * Ready when the catalogue has at least one model ready to serve: the ingress is a
	 * gateway in front of many models, so one model still loading (see its own ready
	 * route) does not take the whole server out of a load balancer.
	 */
	@GetMapping("/v2/health/ready")
	@Operation(operationId = "serverReady",
			summary = "Open Inference Protocol readiness probe: 503 until a model is ready")
	@SecurityRequirements
	ServerReady ready() {
		if (this.catalog.all().stream().noneMatch(ModelDescriptor::ready)) {
			throw notReady("server-not-ready", "No model is ready to serve yet.");
		}
		return new ServerReady(true);
	}

	@GetMapping({ "/v2/models/{model}", "/v2/models/{model}/versions/{version}" })
	ModelMetadata model(@PathVariable String model, @PathVariable(required = false) @Nullable String version) {
		ModelDescriptor descriptor = this.catalog.served(model, version);
		// Every version the model serves, as Triton lists them; the default first.
		List<String> versions = new ArrayList<>(List.of(descriptor.version()));
		this.catalog.served(model, null)
			.servedVersions()
			.stream()
			.map(ModelDescriptor.Version::version)
			.filter(served -> !versions.contains(served))
			.forEach(versions::add);
		return new ModelMetadata(descriptor.name(), versions,
				(descriptor.platform() != null) ? descriptor.platform() : "unknown", inputs(descriptor),
				TensorOutputs.of(descriptor));
	}

	@GetMapping({ "/v2/models/{model}/ready", "/v2/models/{model}/versions/{version}/ready" })
	ModelReady modelReady(@PathVariable String model, @PathVariable(required = false) @Nullable String version) {
		ModelDescriptor descriptor = this.catalog.served(model, version);
		if (!descriptor.ready()) {
			throw notReady("model-not-ready", "Model '" + descriptor.name() + "' version " + descriptor.version()
					+ " is known but not ready to serve yet.");
		}
		return new ModelReady(descriptor.name(), true);
	}

	private static ApiProblem notReady(String slug, String detail) {
		return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, slug, "Not ready", detail).header(HttpHeaders.RETRY_AFTER,
				RETRY_SECONDS);
	}

	/**
	 * The announced input tensors; for a model announced without them, the one its input
	 * kind takes.
	 */
	private static List<ModelTensor> inputs(ModelDescriptor descriptor) {
		if (!descriptor.inputs().isEmpty()) {
			return descriptor.inputs();
		}
		return ModelDescriptor.NUMBER_SERIES.equals(descriptor.inputKind())
				? List.of(new ModelTensor("input", "FP64", List.of(-1L, -1L)))
				: List.of(new ModelTensor("input", "BYTES", List.of(-1L)));
	}

}
