package dev.pipeline.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Class-data sharing (CDS) for the services, so that a stack started again reaches health
 * in about half the time (docs/benchmarks.md, "Warm-up: class-data sharing").
 * <p>
 * JDK 17 archives only classes loaded from the class path, and Spring Boot's nested-jar
 * class loader is not one; so each service jar is first extracted
 * ({@code -Djarmode=tools extract}: the application jar plus {@code lib/}) into
 * {@code <module>/target/cds/}, beside the jar it came from, where {@code mvnw clean}
 * removes it with the jar. The first process started from an extraction dumps the classes
 * it loaded when it exits ({@code -XX:ArchiveClassesAtExit}, JDK 17 has no
 * {@code -XX:+AutoCreateSharedArchive}); later processes map that archive
 * ({@code -XX:SharedArchiveFile}). A service run under load for a while loads more
 * classes than one started for a training run and stopped, so no separate training run
 * delays the first start.
 * <p>
 * Nothing here can stop a service from starting: the JVM checks an archive against its
 * own build and the class path and runs without it (with a warning) when they differ; a
 * dump is written under a temporary name and only a process that exited on its own
 * ({@link Launch#exited(boolean)}) promotes it, so a {@code kill -9} mid-dump leaves no
 * truncated archive behind. A jar rebuilt with other content, or another JVM, is
 * extracted again and its archive dropped; a jar rebuilt with the same content keeps
 * both.
 */
public final class ClassDataSharing {

	private static final String APP_DIR = "app";

	private static final String ARCHIVE = "app.jsa";

	private static final String SOURCE = "source";

	private final boolean enabled;

	private final Extractor extractor;

	private ClassDataSharing(boolean enabled, Extractor extractor) {
		this.enabled = enabled;
		this.extractor = extractor;
	}

	/** Services run from their jars as built, without an archive. */
	public static ClassDataSharing off() {
		return new ClassDataSharing(false, Extractor.SPRING_BOOT_TOOLS);
	}

	/** Services run from extracted jars, with an archive once one was dumped. */
	public static ClassDataSharing on() {
		return new ClassDataSharing(true, Extractor.SPRING_BOOT_TOOLS);
	}

	/** For tests: the extraction step replaced, the rest as {@link #on()}. */
	static ClassDataSharing on(Extractor extractor) {
		return new ClassDataSharing(true, extractor);
	}

	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * How to start a process of the service built as {@code jar}: the jar to run and the
	 * JVM options that map or dump its archive.
	 */
	Launch prepare(Path jar) {
		if (!this.enabled) {
			return new Launch(jar, List.of(), null, null);
		}
		Path cache = jar.toAbsolutePath().getParent().resolve("cds");
		try {
			Files.createDirectories(cache);
			try (FileChannel channel = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				String source = source(jar);
				Path app = cache.resolve(APP_DIR);
				Path archive = cache.resolve(ARCHIVE);
				deleteAbandonedDumps(cache);
				Path extracted = app.resolve(jar.getFileName());
				if (!source.equals(readSource(cache)) || !Files.isRegularFile(extracted)) {
					Files.deleteIfExists(cache.resolve(SOURCE));
					delete(app);
					Files.deleteIfExists(archive);
					this.extractor.extract(jar, app);
					Files.writeString(cache.resolve(SOURCE), source);
				}
				if (Files.isRegularFile(archive)) {
					return new Launch(extracted, List.of("-XX:SharedArchiveFile=" + archive), null, null);
				}
				Path pending = cache.resolve(ARCHIVE + "." + UUID.randomUUID() + ".tmp");
				return new Launch(extracted, List.of("-XX:ArchiveClassesAtExit=" + pending), pending, archive);
			}
		}
		catch (IOException | RuntimeException ex) {
			// Only a faster start is lost: run the jar as built.
			return new Launch(jar, List.of(), null, null);
		}
	}

	/**
	 * What a rebuilt jar or another JVM changes: an archive holds classes of one class
	 * path and is valid for one JVM build only. The jar's content, not its modification
	 * time: Maven repackages every jar on each build ({@code ./benchmark.sh} builds
	 * before it starts a stack), and the build is reproducible
	 * ({@code project.build.outputTimestamp}), so unchanged sources give the same bytes
	 * and keep their extraction, whose files' times are what the JVM checks the archive
	 * against. Hashing the four service jars (about 490 MB) takes about 1.7 s here,
	 * against a start of about 30 s.
	 */
	private static String source(Path jar) throws IOException {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
		try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha256)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return jar.toAbsolutePath() + " " + HexFormat.of().formatHex(sha256.digest()) + " "
				+ System.getProperty("java.vm.version");
	}

	private static @Nullable String readSource(Path cache) throws IOException {
		Path file = cache.resolve(SOURCE);
		return Files.isRegularFile(file) ? Files.readString(file) : null;
	}

	/**
	 * A dump appears only while its process exits, and is promoted or deleted once it
	 * has; one older than that belongs to a launcher that died before it could.
	 */
	private static void deleteAbandonedDumps(Path cache) throws IOException {
		Instant abandoned = Instant.now().minus(Duration.ofMinutes(10));
		try (Stream<Path> files = Files.list(cache)) {
			for (Path file : files.filter((path) -> path.getFileName().toString().endsWith(".tmp")).toList()) {
				if (Files.getLastModifiedTime(file).toInstant().isBefore(abandoned)) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/**
	 * How one process of a service starts, and what becomes of the archive it may dump.
	 *
	 * @param jar the jar to run: the built one, or its extracted copy
	 * @param javaOptions the CDS options, before the stack's others
	 * @param pendingArchive where this process dumps its archive at exit, if it does
	 * @param archive where a complete dump goes
	 */
	record Launch(Path jar, List<String> javaOptions, @Nullable Path pendingArchive, @Nullable Path archive) {

		/** Whether the process writes an archive when it exits. */
		boolean dumpsAtExit() {
			return this.pendingArchive != null;
		}

		/**
		 * After the process ended: its dump becomes the archive if it is whole and worth
		 * keeping, i.e. the process exited on its own (a forced kill may have cut the
		 * dump short) after it had started (one stopped during start-up has not loaded
		 * the classes a running service needs); otherwise it is deleted.
		 */
		void exited(boolean keep) {
			if (this.pendingArchive == null || this.archive == null) {
				return;
			}
			try {
				if (keep && Files.isRegularFile(this.pendingArchive) && Files.size(this.pendingArchive) > 0) {
					Files.move(this.pendingArchive, this.archive, StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
				}
				else {
					Files.deleteIfExists(this.pendingArchive);
				}
			}
			catch (IOException ex) {
				// The next start dumps again.
			}
		}

	}

	/** Unpacks a runnable jar so that its classes load from the class path. */
	@FunctionalInterface
	interface Extractor {

		/**
		 * Spring Boot's own tool, run by the same JVM as the services: the application
		 * jar under its own name plus {@code lib/}.
		 */
		Extractor SPRING_BOOT_TOOLS = (jar, destination) -> {
			List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
					"-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", destination.toString()));
			try {
				Process process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
				if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
					process.destroyForcibly();
					throw new IOException("Extracting " + jar + " failed");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while extracting " + jar, ex);
			}
		};

		void extract(Path jar, Path destination) throws IOException;

	}

}
