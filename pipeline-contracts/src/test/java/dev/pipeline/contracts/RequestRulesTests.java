package dev.pipeline.contracts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRulesTests {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private static final RequestLimits LIMITS = new RequestLimits(4, 10, 25, 5, 8, 2);

	@Test
	void shouldAcceptPlainIdentifiers() {
		assertThat(RequestRules.identityProblems(request("job-1:a.b_c", "sentiment", "1", "acc_1"))).isEmpty();
	}

	@Test
	void shouldRefuseIdentifiersThatDoNotFitColumnsLogsOrPaths() {
		assertThat(fields(RequestRules.identityProblems(request("x".repeat(129), "sentiment", null, null))))
			.containsExactly("id");
		assertThat(fields(RequestRules.identityProblems(request("a\r\nforged log line", "sentiment", null, null))))
			.containsExactly("id");
		assertThat(fields(RequestRules.identityProblems(request("ok", "senti\u0000ment", "1/../2", "a b"))))
			.containsExactly("model", "modelVersion", "accountId");
	}

	@Test
	void shouldRefuseTextsOverTheLimitsWithTheLimitInWords() {
		List<FieldProblem> problems = RequestRules.instanceProblems(ModelDescriptor.TEXT,
				List.of(JSON.stringNode("x".repeat(11)), JSON.stringNode("fine"), JSON.stringNode("nul\u0000")),
				LIMITS);

		assertThat(problems).extracting(FieldProblem::toString)
			.containsExactly("inputs[0] must not be longer than 10 characters (it has 11)",
					"inputs[2] must not contain NUL characters");
	}

	@Test
	void shouldRefuseTextsWithUnpairedSurrogatesButAcceptPairs() {
		assertThat(RequestRules.instanceProblems(ModelDescriptor.TEXT,
				List.of(JSON.stringNode("ok \ud83d\ude00"), JSON.stringNode("lone \ud800"),
						JSON.stringNode("\udc00 first")),
				LIMITS))
			.extracting(FieldProblem::field)
			.containsExactly("inputs[1]", "inputs[2]");
	}

	@Test
	void shouldRefuseTextsWhoseTotalIsOverTheLimit() {
		List<JsonNode> texts = Collections.nCopies(3, JSON.stringNode("123456789"));

		assertThat(RequestRules.instanceProblems(ModelDescriptor.TEXT, texts, LIMITS))
			.extracting(FieldProblem::toString)
			.containsExactly("inputs must not have more than 25 characters in all texts together (they have 27)");
	}

	@Test
	void shouldRefuseSeriesOverThePointLimits() {
		assertThat(RequestRules.instanceProblems(ModelDescriptor.NUMBER_SERIES, List.of(series(6)), LIMITS))
			.extracting(FieldProblem::toString)
			.containsExactly("inputs[0] must not have more than 5 points (it has 6)");
		assertThat(RequestRules.instanceProblems(ModelDescriptor.NUMBER_SERIES, List.of(series(5), series(4)), LIMITS))
			.extracting(FieldProblem::toString)
			.containsExactly("inputs must not have more than 8 points in all series together (they have 9)");
	}

	@Test
	void shouldRefuseTooManyInstancesAtOnce() {
		assertThat(RequestRules.instanceProblems(ModelDescriptor.TEXT, Collections.nCopies(5, JSON.stringNode("a")),
				LIMITS))
			.extracting(FieldProblem::toString)
			.containsExactly("inputs must not have more than 4 instances (it has 5)");
	}

	@Test
	void shouldRefuseNullsEmptyAndUnknownKinds() {
		List<JsonNode> withNull = new ArrayList<>();
		withNull.add(null);
		assertThat(RequestRules.instanceProblems(ModelDescriptor.TEXT, withNull, LIMITS)).hasSize(1);
		assertThat(RequestRules.instanceProblems(ModelDescriptor.TEXT, List.of(), LIMITS)).hasSize(1);
		assertThat(RequestRules.instanceProblems("image", List.of(JSON.stringNode("a")), LIMITS)).hasSize(1);
	}

	@Test
	void shouldRefuseParametersThatAreNotPlainValues() {
		assertThat(RequestRules.parameterProblems(Map.of("q", 0.1, "r", true), LIMITS)).isEmpty();
		assertThat(RequestRules.parameterProblems(Map.of("a", 1, "b", 2, "c", 3), LIMITS)).hasSize(1);
		assertThat(fields(RequestRules.parameterProblems(Map.of("q", Map.of("nested", 1)), LIMITS)))
			.containsExactly("parameters.q");
		assertThat(fields(RequestRules.parameterProblems(Map.of("q", "a\u0000"), LIMITS)))
			.containsExactly("parameters.q");
	}

	private static InferenceRequest request(String id, String model, String version, String account) {
		return new InferenceRequest(1, id, model, version, account, List.of(), Map.of(), null, null);
	}

	private static ArrayNode series(int points) {
		ArrayNode series = JSON.arrayNode();
		for (int i = 0; i < points; i++) {
			series.add(i * 0.5);
		}
		return series;
	}

	private static List<String> fields(List<FieldProblem> problems) {
		return problems.stream().map(FieldProblem::field).toList();
	}

}
