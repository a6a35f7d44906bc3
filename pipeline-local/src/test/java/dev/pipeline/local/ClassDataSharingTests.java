package dev.pipeline.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's life cycle, with Spring Boot's extraction replaced by a copy (the real
 * one runs in {@code LocalStackIT}, which starts the stack twice).
 */
class ClassDataSharingTests {

	@TempDir
	Path target;

	private Path jar;

	private final AtomicInteger extractions = new AtomicInteger();

	private final ClassDataSharing sharing = ClassDataSharing.on((jar, destination) -> {
		this.extractions.incrementAndGet();
		Files.createDirectories(destination.resolve("lib"));
		Files.copy(jar, destination.resolve(jar.getFileName()));
	});

	@BeforeEach
	void buildJar() throws IOException {
		this.jar = Files.writeString(this.target.resolve("svc-0.1.0-exec.jar"), "built");
	}

	@Test
	void shouldRunTheBuiltJarWhenSwitchedOff() {
		ClassDataSharing.Launch launch = ClassDataSharing.off().prepare(this.jar);

		assertThat(launch.jar()).isEqualTo(this.jar);
		assertThat(launch.javaOptions()).isEmpty();
	}

	@Test
	void shouldDumpAnArchiveFromTheFirstRunOfTheExtractedJarAndMapItAfterwards() throws IOException {
		ClassDataSharing.Launch first = this.sharing.prepare(this.jar);

		assertThat(first.jar()).isEqualTo(this.target.resolve("cds/app/svc-0.1.0-exec.jar")).isRegularFile();
		assertThat(first.javaOptions()).singleElement()
			.asString()
			.startsWith("-XX:ArchiveClassesAtExit=" + this.target.resolve("cds"));
		Files.writeString(first.pendingArchive(), "classes");
		first.exited(true);

		ClassDataSharing.Launch second = this.sharing.prepare(this.jar);
		assertThat(second.javaOptions()).containsExactly("-XX:SharedArchiveFile=" + this.target.resolve("cds/app.jsa"));
		assertThat(this.target.resolve("cds/app.jsa")).hasContent("classes");
		assertThat(this.extractions).hasValue(1);
	}

	@Test
	void shouldDropTheDumpOfAProcessThatWasKilled() throws IOException {
		ClassDataSharing.Launch first = this.sharing.prepare(this.jar);
		Files.writeString(first.pendingArchive(), "maybe cut short");

		first.exited(false);

		assertThat(first.pendingArchive()).doesNotExist();
		assertThat(this.target.resolve("cds/app.jsa")).doesNotExist();
		assertThat(this.sharing.prepare(this.jar).javaOptions()).singleElement()
			.asString()
			.startsWith("-XX:ArchiveClassesAtExit=");
	}

	@Test
	void shouldExtractARebuiltJarAgainAndDropItsOldArchive() throws IOException {
		dumpAnArchiveFromTheFirstRun();

		ClassDataSharing.Launch afterRebuild = rebuild("rebuilt");

		assertThat(this.extractions).hasValue(2);
		assertThat(afterRebuild.jar()).hasContent("rebuilt");
		assertThat(this.target.resolve("cds/app.jsa")).doesNotExist();
		assertThat(afterRebuild.javaOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
	}

	/** Maven writes every jar again on each build; the same bytes keep the archive. */
	@Test
	void shouldKeepTheArchiveOfAJarRebuiltWithTheSameContent() throws IOException {
		dumpAnArchiveFromTheFirstRun();

		ClassDataSharing.Launch afterRebuild = rebuild("built");

		assertThat(this.extractions).hasValue(1);
		assertThat(afterRebuild.javaOptions())
			.containsExactly("-XX:SharedArchiveFile=" + this.target.resolve("cds/app.jsa"));
	}

	@Test
	void shouldDeleteADumpAbandonedByALauncherThatDied() throws IOException {
		ClassDataSharing.Launch first = this.sharing.prepare(this.jar);
		Files.writeString(first.pendingArchive(), "never promoted");
		Files.setLastModifiedTime(first.pendingArchive(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
		ClassDataSharing.Launch current = this.sharing.prepare(this.jar);
		Files.writeString(current.pendingArchive(), "being written now");

		this.sharing.prepare(this.jar);

		assertThat(first.pendingArchive()).doesNotExist();
		assertThat(current.pendingArchive()).exists();
	}

	@Test
	void shouldRunTheBuiltJarWhenExtractionFails() {
		ClassDataSharing failing = ClassDataSharing.on((jar, destination) -> {
			throw new IOException("disk full");
		});

		ClassDataSharing.Launch launch = failing.prepare(this.jar);

		assertThat(launch.jar()).isEqualTo(this.jar);
		assertThat(launch.javaOptions()).isEmpty();
	}

	private void dumpAnArchiveFromTheFirstRun() throws IOException {
		ClassDataSharing.Launch first = this.sharing.prepare(this.jar);
		Files.writeString(first.pendingArchive(), "classes");
		first.exited(true);
	}

	/** The jar written again with this content and a later time, then prepared. */
	private ClassDataSharing.Launch rebuild(String content) throws IOException {
		Files.writeString(this.jar, content);
		Files.setLastModifiedTime(this.jar, FileTime.fromMillis(Files.getLastModifiedTime(this.jar).toMillis() + 5000));
		return this.sharing.prepare(this.jar);
	}

}
