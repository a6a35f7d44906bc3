package dev.pipeline.ingress.model;

import java.net.http.HttpResponse;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.PredictionPathTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ModelControllerTests extends PredictionPathTest {

	@Test
	void shouldListTheModelsAnnouncedOnTheCatalogueTopic() {
		HttpResponse<String> response = this.http.get("/v1/models");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode models = Http.json(response).path("models");
		assertThat(models.findValuesAsString("name")).contains("kalman", "sentiment", "warming");
		for (JsonNode model : models) {
			if (model.path("name").asString().equals("kalman")) {
				assertThat(model.path("inputKind").asString()).isEqualTo("number-series");
				assertThat(model.path("version").asString()).isEqualTo("1");
				assertThat(model.path("ready").asBoolean()).isTrue();
			}
			if (model.path("name").asString().equals("warming")) {
				assertThat(model.path("ready").asBoolean()).isFalse();
			}
		}
	}

}
