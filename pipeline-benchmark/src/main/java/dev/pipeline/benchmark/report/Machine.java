package dev.pipeline.benchmark.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run was measured on. The load average is kept because on a shared machine
 * it says more about the figures than the core count does.
 */
public record Machine(int cores, String cpu, long memoryMiB, String jdk, String os, String loadAverage) {

	public static Machine current() {
		long memory = -1;
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			memory = os.getTotalMemorySize() / (1024 * 1024);
		}
		return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memory,
				System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				currentLoadAverage());
	}

	/**
	 * {@code /proc/loadavg}'s 1, 5 and 15 minute figures; without {@code /proc} (macOS)
	 * the 1 minute figure the JVM reads from the system, or "unknown".
	 */
	public static String currentLoadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			double oneMinute = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			return (oneMinute >= 0) ? "%.2f (1 min only)".formatted(oneMinute) : "unknown";
		}
	}

	private static String cpuModel() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
			return lines.stream()
				.filter(line -> line.startsWith("model name"))
				.map(line -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
