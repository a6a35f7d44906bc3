package dev.pipeline.predictor.sentiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * One row of the training data: {@code {"text": ..., "class": 0 | 1 | null}}, 1 =
 * positive.
 */
public record LabelledSentence(String text, @JsonProperty("class") @Nullable Integer label) {

	/** Reads a data file, skipping rows without a label (each file ends with one). */
	public static List<LabelledSentence> read(Path file) throws IOException {
		List<LabelledSentence> rows = PipelineJson.mapper()
			.readValue(Files.readString(file), new TypeReference<List<LabelledSentence>>() {
			});
		return rows.stream().filter(row -> row.label() != null && row.text() != null).toList();
	}

}
