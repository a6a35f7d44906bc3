package dev.pipeline.ingress.metrics;

import java.time.Duration;
import java.time.Instant;

import dev.pipeline.ingress.WebSliceTest;
import dev.pipeline.ingress.account.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.pipeline.ingress.ProblemResults.problem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * The metrics API's refusals of bad parameters, which the web layer and the range checks
 * of {@link MetricsReports} decide before any window is read. The queries behind them are
 * mocks that must never be asked; the caller is the admin, set as the request attribute
 * the authentication filter would set. Queries over real windows are tested in
 * {@link MetricsApiTests}.
 */
@WebSliceTest({ MetricsController.class, AlertsController.class, ThresholdsController.class })
@Import(MetricsReports.class)
@EnableConfigurationProperties(MetricsApiProperties.class)
class MetricsWebTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	MetricsWindowQueries windows;

	@MockitoBean
	MetricsAlertQueries alerts;

	@MockitoBean
	ThresholdStore thresholds;

	@AfterEach
	void noQueryWasRun() {
		verifyNoInteractions(this.windows, this.alerts, this.thresholds);
	}

	@Test
	void shouldAnswer400ForUnreadableParameters() throws Exception {
		query("/v1/metrics?from=yesterday").andExpect(problem(400, "bad-parameter"))
			.andExpect(jsonPath("$.parameter").value("from"));
		query("/v1/metrics/summary?window=soon").andExpect(problem(400, "bad-parameter"));
		query("/v1/alerts?since=last-week").andExpect(problem(400, "bad-parameter"));
		// A limit out of bounds is refused like on every list (docs/api.md "Lists").
		query("/v1/alerts?limit=0").andExpect(problem(400, "bad-parameter"))
			.andExpect(jsonPath("$.parameter").value("limit"));
		query("/v1/alerts?cursor=garbage").andExpect(problem(400, "bad-cursor"));
		query("/v1/metrics?step=99999999999999999d").andExpect(problem(400, "bad-parameter"));
		query("/v1/metrics/summary?window=99999999999999999d").andExpect(problem(400, "bad-parameter"));
	}

	@Test
	void shouldAnswer400ForAMalformedBody() throws Exception {
		this.mvc
			.perform(post("/metrics/aggregated").contentType(MediaType.APPLICATION_JSON)
				.content("{\"window\": ")
				.requestAttr(Caller.ATTRIBUTE, admin()))
			.andExpect(problem(400, "malformed-json"));
	}

	@Test
	void shouldAnswer422ForUnusableParameters() throws Exception {
		query("/v1/metrics?from=" + T0.plusSeconds(60) + "&to=" + T0).andExpect(problem(422, "invalid-parameter"));
		query("/v1/metrics?from=" + T0 + "&to=" + T0.plusSeconds(86_400) + "&step=1s")
			.andExpect(problem(422, "invalid-parameter"));
		query("/v1/metrics/summary?window=-1h").andExpect(problem(422, "invalid-parameter"));
		query("/v1/metrics?step=PT0.0001S").andExpect(problem(422, "invalid-parameter"));
		query("/v1/metrics?step=1000000000d").andExpect(problem(422, "invalid-parameter"));
		query("/v1/metrics?from=" + T0 + "&to=" + T0.plus(Duration.ofDays(31)) + "&step=30m")
			.andExpect(problem(422, "invalid-parameter"))
			.andExpect(jsonPath("$.detail")
				.value("That range and step give 1488 points; at most 1440 are allowed. Use a larger step."));
	}

	@Test
	void shouldAnswer422ForInvalidThresholds() throws Exception {
		this.mvc
			.perform(put("/v1/metrics/thresholds").contentType(MediaType.APPLICATION_JSON)
				.content("{\"maxErrorRate\": 2}")
				.requestAttr(Caller.ATTRIBUTE, admin()))
			.andExpect(problem(422, "invalid-input"))
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("model", "maxErrorRate")));
	}

	/** A GET of the admin, who may read every account's metrics. */
	private ResultActions query(String uri) throws Exception {
		return this.mvc.perform(get(uri).requestAttr(Caller.ATTRIBUTE, admin()));
	}

	private static Caller admin() {
		return new Caller(null, true);
	}

}
