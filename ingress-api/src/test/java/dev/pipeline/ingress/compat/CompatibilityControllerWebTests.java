package dev.pipeline.ingress.compat;

import dev.pipeline.ingress.WebSliceTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.InstanceValidator;
import dev.pipeline.ingress.prediction.PredictionProperties;
import dev.pipeline.ingress.prediction.PredictionService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The account check of the old Kalman route, at the HTTP edge. The caller is set here as
 * the request attribute the authentication filter sets; that filter and the rate limiter
 * (with the account and Redis beans they need) are left out of this slice. With two real
 * accounts the check is tested end to end in {@link CompatibilityControllerTests}.
 */
@WebSliceTest(CompatibilityController.class)
@EnableConfigurationProperties(PredictionProperties.class)
class CompatibilityControllerWebTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	InstanceValidator validator;

	@MockitoBean
	PredictionService predictions;

	@Test
	void shouldRefuseAKeyOfAnotherAccountWith403() throws Exception {
		this.mvc
			.perform(post("/api/v1/alice/kalman").contentType(MediaType.APPLICATION_JSON)
				.content("{\"results\": [1, 2]}")
				.requestAttr(Caller.ATTRIBUTE, new Caller("bob", false)))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:pipeline:problem:account-mismatch"));

		verify(this.predictions, never()).predict(any(), any(), any(), any());
	}

	@Test
	void shouldAnswer401WhenNoCallerWasAuthenticated() throws Exception {
		this.mvc
			.perform(post("/api/v1/alice/kalman").contentType(MediaType.APPLICATION_JSON)
				.content("{\"results\": [1, 2]}"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:pipeline:problem:authentication-required"));

		verify(this.predictions, never()).predict(any(), any(), any(), any());
	}

}
