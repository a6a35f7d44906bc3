package dev.pipeline.benchmark.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time used by each part of the stack, from Linux's {@code /proc/<pid>/stat}: the
 * four services, the launcher (which hosts the Kafka broker), Redis, PostgreSQL (the
 * postmaster and its backends) and the benchmark itself. On a 2-core machine everything
 * competes for the same cores, so where the CPU goes per prediction is what decides the
 * pipeline's throughput. Without {@code /proc} (macOS) there is nothing to read, and
 * {@link #of} says so rather than report every part of the stack idle.
 */
public final class ProcessCpu {

	/**
	 * USER_HZ: Linux reports process CPU time in ticks of 1/100 s on every mainstream
	 * platform.
	 */
	private static final double SECONDS_PER_TICK = 0.01;

	private final Map<String, List<Long>> groups;

	private final Path proc;

	private ProcessCpu(Map<String, List<Long>> groups, Path proc) {
		this.groups = groups;
		this.proc = proc;
	}

	/**
	 * The stack's processes, or empty where this system has no {@code /proc} to read
	 * their CPU time from ({@link ProcFs#notMeasured}).
	 */
	public static Optional<ProcessCpu> of(StackFile stack, String jdbcUrlOrEmpty) {
		return of(stack, jdbcUrlOrEmpty, ProcFs.ROOT);
	}

	static Optional<ProcessCpu> of(StackFile stack, String jdbcUrlOrEmpty, Path proc) {
		if (!ProcFs.available(proc)) {
			return Optional.empty();
		}
		Map<String, List<Long>> groups = new LinkedHashMap<>();
		stack.servicePids().forEach((service, pid) -> groups.put(service, withDescendants(pid)));
		groups.put("kafka-broker", List.of(stack.launcherPid()));
		List<Long> redis = new ArrayList<>();
		ProcessHandle.of(stack.launcherPid())
			.ifPresent(launcher -> launcher.descendants()
				.filter(p -> p.info().command().orElse("").contains("redis-server"))
				.forEach(p -> redis.add(p.pid())));
		groups.put("redis", redis);
		Matcher port = Pattern.compile(":(\\d+)/").matcher(jdbcUrlOrEmpty);
		if (port.find()) {
			String portArgument = "-p " + port.group(1);
			List<Long> postgres = new ArrayList<>();
			ProcessHandle.allProcesses()
				.filter(p -> p.info().commandLine().orElse("").contains(portArgument)
						&& p.info().command().orElse("").endsWith("/postgres"))
				.forEach(p -> postgres.addAll(withDescendants(p.pid())));
			groups.put("postgres", postgres);
		}
		groups.put("benchmark", List.of(ProcessHandle.current().pid()));
		return Optional.of(new ProcessCpu(groups, proc));
	}

	private static List<Long> withDescendants(long pid) {
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent(process -> process.descendants().forEach(child -> pids.add(child.pid())));
		return pids;
	}

	/**
	 * CPU seconds used so far by each group (processes that have exited count no more).
	 */
	public Map<String, Double> seconds() {
		Map<String, Double> seconds = new LinkedHashMap<>();
		this.groups
			.forEach((name, pids) -> seconds.put(name, pids.stream().mapToLong(this::ticks).sum() * SECONDS_PER_TICK));
		return seconds;
	}

	/** Cores used by each group between two readings taken {@code wallSeconds} apart. */
	public static Map<String, Double> coresUsed(Map<String, Double> before, Map<String, Double> after,
			double wallSeconds) {
		Map<String, Double> cores = new LinkedHashMap<>();
		after.forEach((name, used) -> cores.put(name,
				Math.round((used - before.getOrDefault(name, 0.0)) / wallSeconds * 100) / 100.0));
		return cores;
	}

	private long ticks(long pid) {
		try {
			String stat = Files.readString(this.proc.resolve(String.valueOf(pid)).resolve("stat"));
			// Fields after the command name, which is in parentheses and may contain
			// spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
