package dev.pipeline.ingress.job;

import java.time.Instant;
import java.util.Optional;

import dev.pipeline.ingress.WebSliceTest;
import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.prediction.InstanceValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The HTTP edge of job polling: who may see a job. The caller is set here as the request
 * attribute the authentication filter sets; that filter and the rate limiter (with the
 * account and Redis beans they need) are left out of this slice. With real accounts and
 * keys, job visibility is tested end to end in {@link JobControllerTests}.
 */
@WebSliceTest(JobController.class)
@EnableConfigurationProperties(JobProperties.class)
@Import(VisibleJobs.class)
class JobControllerWebTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	JobStore store;

	@MockitoBean
	JobSubmitter submitter;

	@MockitoBean
	InstanceValidator validator;

	@BeforeEach
	void aliceHasAJob() {
		given(this.store.poll("job-1")).willReturn(Optional.of(aliceJob()));
	}

	@Test
	void shouldShowAJobToItsOwner() throws Exception {
		this.mvc.perform(get("/v1/jobs/job-1").requestAttr(Caller.ATTRIBUTE, new Caller("alice", false)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("QUEUED"))
			.andExpect(jsonPath("$.result").isEmpty());
	}

	@Test
	void shouldShowAnyJobToAnAdmin() throws Exception {
		this.mvc.perform(get("/v1/jobs/job-1").requestAttr(Caller.ATTRIBUTE, new Caller("ops", true)))
			.andExpect(status().isOk());
	}

	@Nested
	class WhenTheCallerMayNotSeeIt {

		@Test
		void shouldAnswer404ForAnotherAccountsJob() throws Exception {
			mvc.perform(get("/v1/jobs/job-1").requestAttr(Caller.ATTRIBUTE, new Caller("bob", false)))
				.andExpect(status().isNotFound())
				.andExpect(jsonPath("$.type").value("urn:pipeline:problem:job-not-found"));
		}

		@Test
		void shouldAnswer401WhenNoCallerWasAuthenticated() throws Exception {
			mvc.perform(get("/v1/jobs/job-1"))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.type").value("urn:pipeline:problem:authentication-required"));
		}

	}

	private static JobRecord aliceJob() {
		return new JobRecord("job-1", "alice", null, "sentiment", Instant.now(), null, null, null, null, null, null, 0,
				0);
	}

}
