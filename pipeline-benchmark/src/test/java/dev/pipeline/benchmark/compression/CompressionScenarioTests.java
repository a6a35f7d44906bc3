package dev.pipeline.benchmark.compression;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import dev.pipeline.benchmark.BenchmarkOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * The compression scenario's parts that need no stack: the client's gzip, the byte counts
 * per request, the instance limit read from a problem, and its options. No figure of a
 * real run is asserted.
 */
class CompressionScenarioTests {

	private static final Path HOME = Path.of("").toAbsolutePath().getParent();

	@Test
	void shouldDecodeAGzipBodyAndLeaveAnUncodedOneAsItIs() {
		byte[] plain = "{\"points\":[]}".repeat(200).getBytes(StandardCharsets.UTF_8);

		byte[] compressed = Gzip.compress(plain);

		assertThat(compressed.length).isLessThan(plain.length / 10);
		assertThat(Gzip.decode(compressed, Optional.of("gzip"))).isEqualTo(plain);
		assertThat(Gzip.decode(plain, Optional.empty())).isSameAs(plain);
		assertThat(Gzip.decode(plain, Optional.of("identity"))).isSameAs(plain);
	}

	@Test
	void shouldRefuseACodingNeverAskedForAndABodyThatIsNotGzip() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> Gzip.decode(new byte[] { 1 }, Optional.of("br")));
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> Gzip.decode("not gzip".getBytes(StandardCharsets.UTF_8), Optional.of("gzip")));
	}

	@Test
	void shouldReportMeanBytesPerRequestSinceTheLastReset() {
		WireCounter counter = new WireCounter();
		counter.record(999, 999, 999, false);
		counter.reset();
		assertThat(counter.figures()).isEmpty();

		counter.record(100, 1_000, 4_000, true);
		counter.record(300, 2_000, 8_000, false);

		assertThat(counter.figures()).containsExactly(entry("requestBodyBytes", 200.0),
				entry("responseBodyBytes", 1_500.0), entry("responseDecodedBytes", 6_000.0),
				entry("responseWireRatio", 0.25), entry("compressedResponses", 0.5));
	}

	@Test
	void shouldReadTheInstanceLimitFromTheProblemOfATooLargeRequest() {
		String problem = """
				{"type":"urn:pipeline:problem:invalid-request","status":422,"errors":[{"field":"inputs",
				"message":"must not have more than 64 instances (it has 100)"}]}""";

		assertThat(InstanceLimit.parse(problem)).hasValue(64);
		assertThat(InstanceLimit.parse("{\"status\":422,\"detail\":\"must not have more than 20000 points\"}"))
			.isEqualTo(OptionalInt.empty());
	}

	@Test
	void shouldRunOnlyWhenAskedForOnAWarmStackWithAHundredInstancesByDefault() {
		assertThat(BenchmarkOptions.parse(new String[0], HOME).runs("compression")).isFalse();

		BenchmarkOptions chosen = BenchmarkOptions.parse(new String[] { "--scenarios", "compression" }, HOME);

		assertThat(chosen.needsStack()).isTrue();
		assertThat(chosen.predictsThroughStack()).as("warmed up like the other predicting scenarios").isTrue();
		assertThat(chosen.compressionInstances()).isEqualTo(100);
		assertThat(
				BenchmarkOptions.parse(new String[] { "--compression-instances", "64" }, HOME).compressionInstances())
			.isEqualTo(64);
	}

}
