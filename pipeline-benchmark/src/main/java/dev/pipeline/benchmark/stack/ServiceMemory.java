package dev.pipeline.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Peak and current resident memory of each service process, from Linux's
 * {@code /proc/<pid>/status} ({@code VmHWM} is the high-water mark of the resident set
 * since the process started, so reading it after the run gives the peak under load).
 */
public final class ServiceMemory {

	private ServiceMemory() {
	}

	/**
	 * Per service: {@code peakRssMiB} and {@code rssMiB}; empty where {@code /proc}
	 * cannot be read.
	 */
	public static Map<String, Map<String, Double>> read(Map<String, Long> pids) {
		Map<String, Map<String, Double>> memory = new LinkedHashMap<>();
		pids.forEach((service, pid) -> {
			Path status = Path.of("/proc", String.valueOf(pid), "status");
			try {
				Map<String, Double> figures = new LinkedHashMap<>();
				for (String line : Files.readAllLines(status)) {
					if (line.startsWith("VmHWM:")) {
						figures.put("peakRssMiB", kibToMib(line));
					}
					else if (line.startsWith("VmRSS:")) {
						figures.put("rssMiB", kibToMib(line));
					}
				}
				memory.put(service, figures);
			}
			catch (IOException ex) {
				memory.put(service, Map.of());
			}
		});
		return memory;
	}

	private static double kibToMib(String line) {
		String kib = line.replaceAll("[^0-9]", "");
		return Math.round(Long.parseLong(kib) / 1024.0 * 10) / 10.0;
	}

}
