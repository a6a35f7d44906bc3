package dev.pipeline.ingress.account;

import dev.pipeline.ingress.WebSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static dev.pipeline.ingress.ProblemResults.problem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The admin API checks its caller itself, whatever the authentication filter decided
 * about the path. The filter is left out of this slice and the caller is set as the
 * request attribute it would set; with real tokens and keys the admin API is tested end
 * to end in {@link AccountApiTests} and {@code PathAuthorizationTests}.
 */
@WebSliceTest(AdminAccountController.class)
class AdminAccountControllerWebTests {

	private static final String NEW_ACCOUNT = "{\"name\": \"acme\", \"quotaLimit\": 10, \"ratePerMinute\": 10}";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AccountService service;

	@Test
	void shouldRefuseAnAccountCallerWith403() throws Exception {
		this.mvc
			.perform(post("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON)
				.content(NEW_ACCOUNT)
				.requestAttr(Caller.ATTRIBUTE, new Caller("alice", false)))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:pipeline:problem:admin-only"));

		verify(this.service, never()).create(any());
	}

	@Test
	void shouldRefuseARequestWithoutACallerWith401() throws Exception {
		this.mvc.perform(post("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON).content(NEW_ACCOUNT))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:pipeline:problem:authentication-required"));
		this.mvc.perform(get("/v1/admin/accounts/alice"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:pipeline:problem:authentication-required"));

		verifyNoInteractions(this.service);
	}

	@Test
	void shouldRefuseAnAccountCallerBeforeReadingTheBody() throws Exception {
		this.mvc
			.perform(post("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON)
				.content("{not json")
				.requestAttr(Caller.ATTRIBUTE, new Caller("alice", false)))
			.andExpect(status().isForbidden());

		verify(this.service, never()).view(anyString());
	}

	@Test
	void shouldAnswer422ForInvalidAccounts() throws Exception {
		this.mvc
			.perform(post("/v1/admin/accounts").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \" \", \"quotaLimit\": -1, \"ratePerMinute\": 0}")
				.requestAttr(Caller.ATTRIBUTE, new Caller(null, true)))
			.andExpect(problem(422, "invalid-input"))
			.andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("name", "quotaLimit", "ratePerMinute")));
		this.mvc
			.perform(patch("/v1/admin/accounts/alice").contentType(MediaType.APPLICATION_JSON)
				.content("{}")
				.requestAttr(Caller.ATTRIBUTE, new Caller(null, true)))
			.andExpect(problem(422, "invalid-input"));

		verifyNoInteractions(this.service);
	}

	@Test
	void shouldServeTheAdmin() throws Exception {
		this.mvc.perform(get("/v1/admin/accounts/alice").requestAttr(Caller.ATTRIBUTE, new Caller(null, true)))
			.andExpect(status().isOk());
	}

}
