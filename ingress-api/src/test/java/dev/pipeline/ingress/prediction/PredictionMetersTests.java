package dev.pipeline.ingress.prediction;

import java.net.http.HttpResponse;

import dev.pipeline.ingress.PredictionPathTest;
import dev.pipeline.ingress.TestRestClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus scrapes from the ingress about predictions: latency per route and model
 * as a histogram with buckets, and synchronous calls that fell back to a job.
 */
class PredictionMetersTests extends PredictionPathTest {

	private static final String PREDICT_ROUTE = "/v1/models/\\{model\\}/predict";

	@Autowired
	MeterRegistry registry;

	@LocalManagementPort
	int managementPort;

	@Test
	void shouldTimeEachRouteAndServedModelInABucketedHistogram() {
		assertThat(this.http.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"good\"]}").statusCode())
			.isEqualTo(200);
		assertThat(this.http.postJson("/v1/models/no-such-model-7f3/predict", "{\"inputs\": [\"good\"]}").statusCode())
			.isEqualTo(404);

		String scrape = scrape();

		assertThat(scrape)
			.containsPattern(
					"http_server_requests_seconds_bucket\\{[^}]*model=\"sentiment\"[^}]*status=\"200\"[^}]*uri=\""
							+ PREDICT_ROUTE + "\"")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*model=\"other\"[^}]*status=\"404\"[^}]*uri=\""
					+ PREDICT_ROUTE + "\"")
			.doesNotContain("no-such-model-7f3");
	}

	@Test
	void shouldCountASyncCallThatFellBackToAJob() {
		double before = fallbacks();

		HttpResponse<String> late = this.http.postJson("/v1/models/sentiment/predict",
				"{\"inputs\": [\"[silent] takes its time\"]}", "Prefer", "wait=1");
		HttpResponse<String> async = this.http.postJson("/v1/models/sentiment/predict", "{\"inputs\": [\"fine\"]}",
				"Prefer", "respond-async");

		assertThat(late.statusCode()).isEqualTo(202);
		assertThat(async.statusCode()).isEqualTo(202);
		assertThat(fallbacks()).isEqualTo(before + 1);
		assertThat(scrape()).containsPattern(
				"pipeline_prediction_fallbacks_total\\{[^}]*model=\"sentiment\",reason=\"timeout\"\\} [1-9]");
	}

	private double fallbacks() {
		var counter = this.registry.find("pipeline.prediction.fallbacks")
			.tags("model", "sentiment", "reason", "timeout")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private String scrape() {
		return TestRestClients.create("http://127.0.0.1:" + this.managementPort)
			.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.body(String.class);
	}

}
