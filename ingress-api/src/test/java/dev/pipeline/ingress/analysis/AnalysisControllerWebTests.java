package dev.pipeline.ingress.analysis;

import dev.pipeline.ingress.WebSliceTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.model.ModelCatalog;
import dev.pipeline.ingress.quota.QuotaGate;
import dev.pipeline.reports.AnalysisReportStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static dev.pipeline.ingress.ProblemResults.problem;
import static org.hamcrest.Matchers.contains;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * The analysis request's Bean Validation ({@link PerformanceAnalysisRequest},
 * {@link ValidWindow}) at the HTTP edge: a refused body is answered before the catalogue,
 * the quota, the report store or the analyst is asked, and those are mocks here that must
 * never be. The caller is set as the request attribute the authentication filter would
 * set. Reports from the cache and the analyst are tested end to end in
 * {@link AnalysisControllerTests}.
 */
@WebSliceTest(AnalysisController.class)
@EnableConfigurationProperties(AnalysisProperties.class)
class AnalysisControllerWebTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AnalysisReportStore store;

	@MockitoBean
	AnalystClient analyst;

	@MockitoBean
	ModelCatalog catalog;

	@MockitoBean
	QuotaGate quota;

	@AfterEach
	void nothingBehindTheControllerWasAsked() {
		verifyNoInteractions(this.store, this.quota);
		// Both are lifecycle beans, which the context itself asks whether to start.
		verify(this.catalog, never()).find(any());
		verify(this.analyst, never()).ask(any(), any());
	}

	@Test
	void shouldRejectAMissingModel() throws Exception {
		analyze("/v1/analysis/performance", "{\"window\": \"1h\"}").andExpect(problem(422, "invalid-input"))
			.andExpect(jsonPath("$.errors[0].field").value("model"));
	}

	@Test
	void shouldNameEveryInvalidFieldAndTheLimitItBreaks() throws Exception {
		analyze("/v1/analysis/performance", "{\"model\": \"%s\", \"window\": \"1w\"}".formatted("m".repeat(129)))
			.andExpect(problem(422, "invalid-input"))
			.andExpect(jsonPath("$.errors.length()").value(2))
			.andExpect(jsonPath("$.errors[?(@.field == 'model')].message",
					contains("must not be longer than 128 characters")))
			.andExpect(jsonPath("$.errors[?(@.field == 'window')].message",
					contains("must be a count and a unit (s, m, h, d) between 1m and 30d, e.g. 15m, 1h, 7d")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "one hour", "0m", "59s", "31d", "99999999999999999999d", "1w" })
	void shouldRejectAWindowOutOfFormatOrBounds(String window) throws Exception {
		analyze("/analyze/performance", "{\"model\": \"sentiment\", \"window\": \"%s\"}".formatted(window))
			.andExpect(problem(422, "invalid-input"))
			.andExpect(jsonPath("$.errors[0].field").value("window"));
	}

	@Test
	void shouldRejectMalformedJson() throws Exception {
		analyze("/v1/analysis/performance", "{\"model\": ").andExpect(problem(400, "malformed-json"));
	}

	private ResultActions analyze(String path, String body) throws Exception {
		return this.mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.requestAttr(Caller.ATTRIBUTE, new Caller("alice", false)));
	}

}
