package dev.pipeline.ingress.prediction;

import dev.pipeline.ingress.WebSliceTest;
import dev.pipeline.ingress.account.Caller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.pipeline.ingress.ProblemResults.problem;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

/**
 * Bodies the predict route refuses before reading them as instances: they never reach the
 * validator (and its model catalogue) or the prediction service, which are mocks here
 * that must never be asked. The caller is set as the request attribute the authentication
 * filter would set. Validation of instances against a served model, and body limits
 * through Tomcat, are tested end to end in {@link PredictionControllerTests} and
 * {@link RequestLimitsTests}.
 */
@WebSliceTest(PredictionController.class)
@EnableConfigurationProperties(PredictionProperties.class)
class PredictionControllerWebTests {

	private static final String PREDICT = "/v1/models/sentiment/predict";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	InstanceValidator validator;

	@MockitoBean
	PredictionService predictions;

	@AfterEach
	void nothingBehindTheControllerWasAsked() {
		verifyNoInteractions(this.validator, this.predictions);
	}

	@Test
	void shouldAnswer400ForMalformedJson() throws Exception {
		this.mvc
			.perform(post(PREDICT).contentType(MediaType.APPLICATION_JSON)
				.content("{\"inputs\": [")
				.requestAttr(Caller.ATTRIBUTE, alice()))
			.andExpect(problem(400, "malformed-json"))
			.andExpect(header().exists("X-Request-Id"));
	}

	@Test
	void shouldAnswer415ForAnotherContentType() throws Exception {
		this.mvc.perform(
				post(PREDICT).contentType(MediaType.TEXT_PLAIN).content("hello").requestAttr(Caller.ATTRIBUTE, alice()))
			.andExpect(problem(415, "unsupported-media-type"))
			.andExpect(header().exists("X-Request-Id"));
	}

	@Test
	void shouldAnswer405ForAnotherMethod() throws Exception {
		this.mvc.perform(get(PREDICT).requestAttr(Caller.ATTRIBUTE, alice()))
			.andExpect(problem(405, "method-not-allowed"))
			.andExpect(header().string("Allow", "POST"));
	}

	private static Caller alice() {
		return new Caller("alice", false);
	}

}
