package dev.pipeline.ingress.model;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.TestWorker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several versions of a model served at once, as every route sees them: the catalogue
 * lists them, a request may pin one ({@code modelVersion} in the body of {@code /v1},
 * {@code versions/{v}} in the path of {@code /v2}), which then reaches the worker and
 * answers; without one the default answers; a version the catalogue does not announce is
 * a 404 at the edge, never sent.
 */
class ModelVersionRoutesTests extends PredictionPathTest {

	private static final String PREDICT = "/v1/models/" + TestWorker.VERSIONED + "/predict";

	@Test
	void shouldListEveryServedVersionAndTheDefault() {
		JsonNode models = Http.json(this.http.get("/v1/models")).path("models");

		JsonNode versioned = model(models, TestWorker.VERSIONED);
		assertThat(versioned.path("version").asString()).isEqualTo("1");
		assertThat(versioned.path("defaultVersion").asString()).isEqualTo("1");
		assertThat(versioned.path("versions").findValuesAsString("version")).containsExactly("1", "2");
		assertThat(versioned.path("versions").get(1).path("description").asString()).isEqualTo("versioned two");
		// A record of a worker older than versions: its one version.
		JsonNode warming = model(models, "warming");
		assertThat(warming.path("versions").findValuesAsString("version")).containsExactly("1");
		assertThat(warming.path("versions").get(0).path("ready").asBoolean()).isFalse();
	}

	@Test
	void shouldSendAPinnedVersionToTheWorkerAndAnswerWithIt() {
		HttpResponse<String> response = this.http.postJson(PREDICT,
				"{\"inputs\": [\"I love it\"], \"modelVersion\": \"2\"}");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = Http.json(response);
		assertThat(body.path("modelVersion").asString()).isEqualTo("2");
		assertThat(body.path("outputs").get(0).path("computedBy").asString()).isEqualTo("2");
		assertThat(worker.received(body.path("id").asString()).request().modelVersion()).isEqualTo("2");
	}

	@Test
	void shouldLeaveTheVersionToTheWorkerWhenTheRequestNamesNone() {
		JsonNode body = Http.json(this.http.postJson(PREDICT, "{\"inputs\": [\"I love it\"]}"));

		assertThat(body.path("modelVersion").asString()).isEqualTo("1");
		assertThat(worker.received(body.path("id").asString()).request().modelVersion()).isNull();
	}

	@Test
	void shouldPinAVersionForAJob() {
		HttpResponse<String> accepted = this.http.postJson("/v1/models/" + TestWorker.VERSIONED + "/jobs",
				"{\"inputs\": [\"great value\"], \"modelVersion\": \"2\"}");

		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = Http.json(accepted).path("id").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> worker.received(id) != null);
		assertThat(worker.received(id).request().modelVersion()).isEqualTo("2");
	}

	@Test
	void shouldAnswer404ForAVersionTheCatalogueDoesNotAnnounce() {
		for (String path : new String[] { PREDICT, "/v1/models/" + TestWorker.VERSIONED + "/jobs" }) {
			HttpResponse<String> response = this.http.postJson(path,
					"{\"inputs\": [\"I love it\"], \"modelVersion\": \"3\"}");

			assertThat(response.statusCode()).as(path).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = Http.json(response);
			assertThat(problem.path("type").asString()).endsWith("unknown-model-version");
			assertThat(problem.path("version").asString()).isEqualTo("3");
			assertThat(problem.path("servedVersions").toString()).isEqualTo("[\"1\",\"2\"]");
		}
	}

	@Test
	void shouldAnswer422ForAVersionThatIsNoVersionName() {
		for (String version : new String[] { "2", "\"../2\"", "\"\"", "\"" + "9".repeat(65) + "\"" }) {
			HttpResponse<String> response = this.http.postJson(PREDICT,
					"{\"inputs\": [\"I love it\"], \"modelVersion\": " + version + "}");

			assertThat(response.statusCode()).as(version).isEqualTo(422);
			assertThat(Http.json(response).path("errors").get(0).path("field").asString()).isEqualTo("modelVersion");
		}
	}

	@Test
	void shouldServeEachVersionOnTheProtocolRoutes() {
		String tensor = """
				{"inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["good"]}]}""";

		JsonNode answer = Http
			.json(this.http.postJson("/v2/models/" + TestWorker.VERSIONED + "/versions/2/infer", tensor));
		assertThat(answer.path("model_version").asString()).isEqualTo("2");
		String predictionId = answer.path("parameters").path("prediction_id").asString();
		assertThat(worker.received(predictionId).request().modelVersion()).isEqualTo("2");
		JsonNode metadata = Http.json(this.http.get("/v2/models/" + TestWorker.VERSIONED + "/versions/2"));
		assertThat(metadata.path("versions").toString()).isEqualTo("[\"2\",\"1\"]");
		assertThat(this.http.get("/v2/models/" + TestWorker.VERSIONED + "/versions/2/ready").statusCode())
			.isEqualTo(200);

		HttpResponse<String> unknown = this.http.postJson("/v2/models/" + TestWorker.VERSIONED + "/versions/3/infer",
				tensor);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(Http.json(unknown).path("error").asString()).contains("no version '3'");
	}

	private static JsonNode model(JsonNode models, String name) {
		for (JsonNode model : models) {
			if (model.path("name").asString().equals(name)) {
				return model;
			}
		}
		throw new AssertionError("no model " + name + " in " + models);
	}

}
