package dev.pipeline.predictor.worker;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestReaderTests {

	@Test
	void shouldReadAMinimalRequest() {
		RequestReader.Read read = read("{\"id\":\"r1\",\"model\":\"sentiment\",\"inputs\":[\"good\"]}");

		assertThat(read).isInstanceOfSatisfying(RequestReader.Readable.class, readable -> {
			assertThat(readable.request().id()).isEqualTo("r1");
			assertThat(readable.request().inputs()).hasSize(1);
			assertThat(readable.request().parameters()).isEmpty();
			assertThat(readable.request().deadline()).isNull();
		});
	}

	@Test
	void shouldDeadLetterWhatIsNotJson() {
		assertThat(read("{not json")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(RequestReader.read(null)).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("[1,2]")).isInstanceOf(RequestReader.Unreadable.class);
	}

	@Test
	void shouldDeadLetterARequestWithoutAUsableId() {
		assertThat(read("{\"model\":\"sentiment\",\"inputs\":[\"x\"]}")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("{\"id\":\"  \",\"model\":\"sentiment\"}")).isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("{\"id\":42,\"model\":\"sentiment\"}")).isInstanceOf(RequestReader.Unreadable.class);
	}

	@Test
	void shouldFailAMalformedRequestThatHasAnId() {
		assertThat(read("{\"id\":\"r2\",\"model\":\"sentiment\",\"inputs\":\"not a list\"}"))
			.isInstanceOfSatisfying(RequestReader.Invalid.class, invalid -> {
				assertThat(invalid.request().id()).isEqualTo("r2");
				assertThat(invalid.request().model()).isEqualTo("sentiment");
				assertThat(invalid.error().code()).isEqualTo("INVALID_REQUEST");
			});
		assertThat(read("{\"id\":\"r3\",\"inputs\":[\"x\"]}")).isInstanceOf(RequestReader.Invalid.class);
		assertThat(read("{\"id\":\"r4\",\"model\":\"kalman\",\"inputs\":[[1]],\"parameters\":{\"processNoise\":null}}"))
			.isInstanceOf(RequestReader.Invalid.class);
		assertThat(read("{\"id\":\"r5\",\"model\":\"kalman\",\"inputs\":[[1]],\"deadline\":\"soon\"}"))
			.isInstanceOf(RequestReader.Invalid.class);
	}

	@Test
	void shouldDeadLetterARequestWhoseIdBreaksTheRules() {
		assertThat(read("{\"id\":\"" + "x".repeat(129) + "\",\"model\":\"kalman\",\"inputs\":[[1]]}"))
			.isInstanceOfSatisfying(RequestReader.Unreadable.class,
					unreadable -> assertThat(unreadable.reason()).contains("id", "128 characters"));
		assertThat(read("{\"id\":\"r1\\r\\nforged\",\"model\":\"kalman\",\"inputs\":[[1]]}"))
			.isInstanceOf(RequestReader.Unreadable.class);
		assertThat(read("{\"id\":\"r\\u00001\",\"model\":\"kalman\",\"inputs\":[[1]]}"))
			.isInstanceOf(RequestReader.Unreadable.class);
	}

	@Test
	void shouldFailARequestWithBadIdentifyingFieldsWithoutRepeatingThem() {
		assertThat(read("{\"id\":\"r6\",\"model\":\"senti\\u0000ment\",\"modelVersion\":\"1/../2\","
				+ "\"accountId\":\"a b\",\"inputs\":[\"x\"],\"submittedAt\":\"2026-01-01T00:00:00Z\"}"))
			.isInstanceOfSatisfying(RequestReader.Invalid.class, invalid -> {
				assertThat(invalid.error().code()).isEqualTo("INVALID_REQUEST");
				assertThat(invalid.error().message()).contains("model", "modelVersion", "accountId");
				assertThat(invalid.request().id()).isEqualTo("r6");
				assertThat(invalid.request().model()).isEqualTo(RequestReader.UNNAMED_MODEL);
				assertThat(invalid.request().modelVersion()).isNull();
				assertThat(invalid.request().accountId()).isNull();
				assertThat(invalid.request().submittedAt()).isNotNull();
			});
	}

	@Test
	void shouldNotCarryControlCharactersOfAMalformedRequestIntoItsResult() {
		assertThat(read(
				"{\"id\":\"r7\",\"model\":\"kalman\",\"inputs\":[[1]],\"submittedAt\":\"2026\\u0000\\r\\nforged\"}"))
			.isInstanceOfSatisfying(RequestReader.Invalid.class, invalid -> {
				assertThat(invalid.error().code()).isEqualTo("INVALID_REQUEST");
				assertThat(invalid.error().message()).doesNotContain("\u0000", "\r", "\n");
			});
	}

	private static RequestReader.Read read(String json) {
		return RequestReader.read(json.getBytes(StandardCharsets.UTF_8));
	}

}
