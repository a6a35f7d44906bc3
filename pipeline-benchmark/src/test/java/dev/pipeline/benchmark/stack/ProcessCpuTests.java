package dev.pipeline.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.pipeline.contracts.TopicNames;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CPU per process on a system with {@code /proc} and on one without (macOS), each played
 * by a directory standing in for {@code /proc}.
 */
class ProcessCpuTests {

	/** No process of the stack runs: only the benchmark's own pid is looked up. */
	private static final StackFile STACK = new StackFile("http://localhost:1", "localhost:2", "", "token",
			Map.of("ingress-api", 4242L), Long.MAX_VALUE, TopicNames.UNPREFIXED);

	@Test
	void shouldNotMeasureWhereThereIsNoProc(@TempDir Path noProc) {
		assertThat(ProcessCpu.of(STACK, "", noProc)).isEmpty();
		assertThat(ProcFs.notMeasured("CPU per process")).startsWith("CPU per process: not measured on ")
			.contains(System.getProperty("os.name"))
			.endsWith("(the benchmark reads it from Linux's /proc).");
	}

	@Test
	void shouldAddUserAndSystemTicksFromProc(@TempDir Path proc) throws IOException {
		stat(proc, "self", 0, 0);
		// The command name may hold spaces and parentheses; utime and stime follow it.
		stat(proc, "4242", 150, 50);

		ProcessCpu cpu = ProcessCpu.of(STACK, "", proc).orElseThrow();

		assertThat(cpu.seconds()).containsEntry("ingress-api", 2.0);
	}

	private static void stat(Path proc, String pid, long userTicks, long systemTicks) throws IOException {
		Files.createDirectories(proc.resolve(pid));
		Files.writeString(proc.resolve(pid).resolve("stat"), pid + " (java (main) x) S 1 1 1 0 -1 4194560 100 0 0 0 "
				+ userTicks + " " + systemTicks + " 0 0 20 0 40 0 100 0 0");
	}

}
