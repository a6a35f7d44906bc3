package dev.pipeline.ingress;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultMatcher;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What every refusal of a web slice test checks: the status, the problem+json content
 * type and the problem's {@code type} and {@code status} members (RFC 9457).
 */
public final class ProblemResults {

	private ProblemResults() {
	}

	/**
	 * @param type the problem type without its {@code urn:pipeline:problem:} prefix
	 */
	public static ResultMatcher problem(int status, String type) {
		List<ResultMatcher> all = List.of(status().is(status),
				content().contentType(MediaType.APPLICATION_PROBLEM_JSON),
				jsonPath("$.type").value("urn:pipeline:problem:" + type), jsonPath("$.status").value(status));
		return (result) -> {
			for (ResultMatcher matcher : all) {
				matcher.match(result);
			}
		};
	}

}
