package dev.pipeline.local;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryTests {

	@Test
	void shouldRefuseASecondHolderUntilTheFirstLetsGo(@TempDir Path root) {
		try (DataDirectory first = DataDirectory.open(root, false)) {
			assertThatThrownBy(() -> DataDirectory.open(root, false)).isInstanceOf(LocalStackException.class)
				.hasMessageContaining("already running")
				.hasMessageContaining("PIPELINE_DATA_DIR");
		}
		try (DataDirectory again = DataDirectory.open(root, false)) {
			assertThat(again.root()).isEqualTo(root);
		}
	}

	@Test
	void shouldKeepDataUnlessAskedToWipe(@TempDir Path root) throws Exception {
		Files.createDirectories(root.resolve("kafka"));
		Files.writeString(root.resolve("kafka").resolve("meta.properties"), "x");
		try (DataDirectory kept = DataDirectory.open(root, false)) {
			assertThat(kept.kafka().resolve("meta.properties")).exists();
		}
		try (DataDirectory wiped = DataDirectory.open(root, true)) {
			assertThat(wiped.kafka()).doesNotExist();
		}
	}

	@Test
	void shouldExplainADirectoryThatCannotBeCreated(@TempDir Path root) throws Exception {
		Path file = Files.writeString(root.resolve("plain-file"), "not a directory");

		assertThatThrownBy(() -> DataDirectory.open(file.resolve("data"), false))
			.isInstanceOf(LocalStackException.class)
			.hasMessageContaining("Set PIPELINE_DATA_DIR");
	}

}
