package dev.pipeline.benchmark.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Linux's {@code /proc}, where the benchmark reads each process's CPU time
 * ({@link ProcessCpu}), its memory ({@link ServiceMemory}) and how a worker was started
 * (the scale run). Other systems (macOS) have none: there those figures are reported as
 * not measured, rather than as zeros or a failed run.
 */
public final class ProcFs {

	static final Path ROOT = Path.of("/proc");

	private ProcFs() {
	}

	/** Whether this machine has a {@code /proc} to read. */
	public static boolean available() {
		return available(ROOT);
	}

	static boolean available(Path root) {
		return Files.isReadable(root.resolve("self").resolve("stat"));
	}

	/** The report's note for {@code what}, where {@code /proc} is missing. */
	public static String notMeasured(String what) {
		return what + ": not measured on " + System.getProperty("os.name")
				+ " (the benchmark reads it from Linux's /proc).";
	}

}
