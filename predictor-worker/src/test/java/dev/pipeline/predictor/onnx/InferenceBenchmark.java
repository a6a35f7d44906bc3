package dev.pipeline.predictor.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelInput;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.sentiment.LabelledSentence;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Times the sentiment model in-process (no Kafka) to choose the thread setting: one shared
 * session with all cores inside each call and batched calls, against a session with one
 * intra-op thread per call and as many concurrent callers as cores. Prints a table; it
 * asserts nothing. Usage: {@code InferenceBenchmark <model-version-dir> <amazon.json>}.
 */
public final class InferenceBenchmark {

	private static final int CORES = Runtime.getRuntime().availableProcessors();

	public static void main(String[] args) throws Exception {
		Path versionDir = Path.of(args[0]);
		List<ModelInput> sentences = LabelledSentence.read(Path.of(args[1]))
			.stream()
			.map(row -> new ModelInput(JsonNodeFactory.instance.stringNode(row.text()), Map.of()))
			.limit(512)
			.toList();
		ModelConfig config = ModelRepository.readConfig(versionDir.resolve("config.json"), "sentiment", "1");
		System.out.printf(Locale.ROOT, "cores=%d sentences=%d rounds=%d (median, min-max of the rounds)%n", CORES,
				sentences.size(), ROUNDS);
		try (TextClassifier allCores = TextClassifier.load(versionDir, config, 0);
				TextClassifier oneThread = TextClassifier.load(versionDir, config, 1)) {
			List<Setting> settings = new ArrayList<>();
			for (TextClassifier model : List.of(allCores, oneThread)) {
				String threads = (model == allCores) ? "all cores" : "1 thread";
				run(model, sentences.subList(0, 64), 1, 1);
				settings.add(new Setting("intra-op " + threads + ", 1 caller, batch 1", model, 1, 1));
				settings.add(new Setting("intra-op " + threads + ", 1 caller, batch 8", model, 8, 1));
				settings.add(new Setting("intra-op " + threads + ", 1 caller, batch 32", model, 32, 1));
				settings.add(new Setting("intra-op " + threads + ", " + CORES + " callers, batch 1", model, 1, CORES));
				settings.add(new Setting("intra-op " + threads + ", " + CORES + " callers, batch 8", model, 8, CORES));
				settings.add(new Setting("intra-op " + threads + ", " + CORES + " callers, batch 32", model, 32, CORES));
			}
			double[][] throughput = new double[settings.size()][ROUNDS];
			double[][] p50 = new double[settings.size()][ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				for (int i = 0; i < settings.size(); i++) {
					Setting setting = settings.get(i);
					List<ModelInput> inputs = (setting.batchSize() == 1) ? sentences.subList(0, 256) : sentences;
					double[] measured = run(setting.model(), inputs, setting.batchSize(), setting.callers());
					throughput[i][round] = measured[0];
					p50[i][round] = measured[1];
				}
			}
			System.out.printf(Locale.ROOT, "%-40s %22s %18s%n", "setting", "sentences/s", "p50 ms per call");
			for (int i = 0; i < settings.size(); i++) {
				System.out.printf(Locale.ROOT, "%-40s %22s %18s%n", settings.get(i).label(), summary(throughput[i], 0),
						summary(p50[i], 2));
			}
		}
	}

	private static final int ROUNDS = 5;

	private static String summary(double[] values, int decimals) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		String format = "%." + decimals + "f";
		return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", sorted[sorted.length / 2],
				sorted[0], sorted[sorted.length - 1]);
	}

	private record Setting(String label, TextClassifier model, int batchSize, int callers) {
	}

	/** @return sentences per second and the median call latency in ms */
	private static double[] run(TextClassifier model, List<ModelInput> inputs, int batchSize, int callers)
			throws Exception {
		List<List<ModelInput>> batches = new ArrayList<>();
		for (int from = 0; from < inputs.size(); from += batchSize) {
			batches.add(inputs.subList(from, Math.min(inputs.size(), from + batchSize)));
		}
		long[] latencies = new long[batches.size()];
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < batches.size(); i++) {
			int index = i;
			futures.add(pool.submit(() -> {
				long t0 = System.nanoTime();
				model.predict(batches.get(index));
				latencies[index] = System.nanoTime() - t0;
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		pool.shutdown();
		Arrays.sort(latencies);
		return new double[] { inputs.size() / seconds, latencies[latencies.length / 2] / 1e6 };
	}

}
