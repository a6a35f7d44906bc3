package dev.pipeline.benchmark.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The inputs every scenario sends, in the same rotation, so the pipeline and the
 * in-process baseline compute exactly the same texts: review-like sentences of 2 to 25
 * words (or a JSON file of the shared dataset's shape), and fixed Kalman time series.
 */
public final class Workload {

	/** Points per Kalman series: a typical sensor window of the seed API. */
	static final int KALMAN_SERIES_LENGTH = 50;

	private final List<String> texts;

	private final List<ArrayNode> series;

	private final AtomicInteger next = new AtomicInteger();

	private Workload(List<String> texts, List<ArrayNode> series) {
		if (texts.isEmpty()) {
			throw new IllegalArgumentException("The benchmark needs at least one text");
		}
		this.texts = List.copyOf(texts);
		this.series = List.copyOf(series);
	}

	/**
	 * @param textFile a JSON array of strings or of {@code {"text": ...}} objects;
	 * {@code null} for the bundled sentences
	 */
	public static Workload load(@Nullable Path textFile) {
		List<String> texts = (textFile != null) ? readJson(textFile) : bundled();
		return new Workload(texts, kalmanSeries(16));
	}

	private static List<String> bundled() {
		try (InputStream in = Workload.class.getResourceAsStream("/benchmark-sentences.txt")) {
			if (in == null) {
				throw new IllegalStateException("benchmark-sentences.txt is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter(line -> !line.isBlank())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> readJson(Path file) {
		try {
			JsonNode root = PipelineJson.mapper().readTree(Files.readString(file));
			List<String> texts = new ArrayList<>();
			for (JsonNode item : root) {
				texts.add(item.isString() ? item.asString() : item.path("text").asString());
			}
			return texts.stream().filter(text -> !text.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A level that drifts slowly, read through deterministic noise. */
	private static List<ArrayNode> kalmanSeries(int count) {
		List<ArrayNode> all = new ArrayList<>();
		java.util.Random random = new java.util.Random(42);
		for (int s = 0; s < count; s++) {
			ArrayNode series = JsonNodeFactory.instance.arrayNode();
			double level = random.nextDouble() * 10;
			for (int i = 0; i < KALMAN_SERIES_LENGTH; i++) {
				level += random.nextGaussian() * 0.01;
				series.add(Math.round((level + random.nextGaussian() * 0.1) * 1000) / 1000.0);
			}
			all.add(series);
		}
		return all;
	}

	public String nextText() {
		return this.texts.get(Math.floorMod(this.next.getAndIncrement(), this.texts.size()));
	}

	public List<String> nextTexts(int count) {
		List<String> batch = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			batch.add(nextText());
		}
		return batch;
	}

	public ArrayNode nextSeries() {
		return this.series.get(Math.floorMod(this.next.getAndIncrement(), this.series.size()));
	}

	public int textCount() {
		return this.texts.size();
	}

}
