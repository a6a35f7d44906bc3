package dev.pipeline.ingress.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;

import dev.pipeline.ingress.webhook.CallbackUrls;
import dev.pipeline.ingress.webhook.WebhookProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;

/**
 * The OpenAPI schema {@code JobRequest} of the body of {@code POST
 * /v1/models/{model}/jobs} ({@link JobController} refers to it): the
 * {@code PredictionRequest} of the synchronous route, which binds both bodies, plus the
 * {@code callbackUrl} only a job takes ({@link CallbackUrls}), so a generated client can
 * set it. Made from the prediction's schema as springdoc built it, so the two never
 * disagree on the fields they share; the URL's longest length is the one this instance
 * enforces ({@code ingress.webhooks.max-url-length}).
 */
@Component
class JobRequestSchema implements OpenApiCustomizer {

	static final String NAME = "JobRequest";

	/** The reference to it, for the operation's annotation. */
	static final String REF = "#/components/schemas/" + NAME;

	/** The name of {@code PredictionRequest}'s schema. */
	private static final String PREDICTION = "PredictionRequest";

	private final int maxUrlLength;

	JobRequestSchema(WebhookProperties webhooks) {
		this.maxUrlLength = webhooks.maxUrlLength();
	}

	@Override
	public void customise(OpenAPI api) {
		Schema<?> prediction = api.getComponents().getSchemas().get(PREDICTION);
		ObjectSchema job = new ObjectSchema();
		job.description(prediction.getDescription() + " A job may also name a URL to be called when it is done.");
		job.setProperties(new LinkedHashMap<>(prediction.getProperties()));
		job.addProperty(CallbackUrls.FIELD,
				new StringSchema().format("uri")
					.maxLength(this.maxUrlLength)
					.description("An absolute http or https URL the final state is POSTed to, signed with the account's"
							+ " webhook secret (docs/api.md, Webhooks); the account needs one."));
		job.setRequired(new ArrayList<>(prediction.getRequired()));
		api.getComponents().addSchemas(NAME, job);
	}

}
