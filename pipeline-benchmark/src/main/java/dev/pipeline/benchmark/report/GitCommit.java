package dev.pipeline.benchmark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit a run measured, marked {@code -dirty} when the working tree had changes. */
public final class GitCommit {

	private GitCommit() {
	}

	public static String describe(Path home) {
		String commit = git(home, "rev-parse", "HEAD");
		if (commit.isEmpty()) {
			return "unknown";
		}
		return git(home, "status", "--porcelain", "--untracked-files=no").isEmpty() ? commit : commit + "-dirty";
	}

	private static String git(Path home, String... args) {
		String[] command = new String[args.length + 3];
		command[0] = "git";
		command[1] = "-C";
		command[2] = home.toString();
		System.arraycopy(args, 0, command, 3, args.length);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				return "";
			}
			return out;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}
