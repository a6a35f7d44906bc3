package dev.pipeline.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/quickstart.md, run for real: {@code docs/quickstart.sh --attach} runs every
 * {@code bash} block of the page, in order, against this suite's pipeline (curl, kcat
 * with the reply headers, the Python client), so the quick start's commands run in the
 * test suite and cannot rot. The page needs curl, python3 and kcat; a machine without one
 * of them skips this test, naming it (CI installs kcat in {@code .ci/run}).
 */
class QuickstartIT {

	private final RunningPipeline pipeline = RunningPipeline.get();

	@Test
	void shouldRunEveryCommandOfTheQuickStart(@TempDir Path dir) throws Exception {
		for (String tool : List.of("bash", "curl", "python3", "kcat")) {
			assumeTrue(onPath(tool), tool + " is not installed; docs/quickstart.md needs it");
		}
		Path stackFile = dir.resolve("stack.json");
		Files.writeString(stackFile, JsonMapper.builder().build().writeValueAsString(stackFile()));
		Path log = dir.resolve("quickstart.log");

		Process quickstart = new ProcessBuilder("bash", "docs/quickstart.sh", "--attach", stackFile.toString())
			.directory(LocalStackIT.home().toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// The script bounds its own run; this only keeps a hung shell from holding the
		// suite.
		boolean ended = quickstart.waitFor(10, TimeUnit.MINUTES);
		if (!ended) {
			quickstart.destroyForcibly();
		}

		String output = Files.readString(log);
		assertThat(ended).as(output).isTrue();
		assertThat(quickstart.exitValue()).as(output).isZero();
		assertThat(output).contains("blocks passed");
	}

	/** The stack.json fields the page reads, as the local stack writes them. */
	private Map<String, Object> stackFile() {
		Map<String, Object> stack = new LinkedHashMap<>();
		stack.put("ingressUrl", this.pipeline.ingressUrl());
		stack.put("managementUrls",
				Map.of("ingress-api", this.pipeline.services().process(Service.INGRESS_API).managementUrl()));
		stack.put("kafkaBootstrapServers", this.pipeline.servers().kafkaBootstrapServers());
		stack.put("adminToken", RunningPipeline.ADMIN_TOKEN);
		return stack;
	}

	private static boolean onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, tool))) {
				return true;
			}
		}
		return false;
	}

}
