package dev.pipeline.predictor.sentiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.OrtException;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.predictor.model.ModelConfig;
import dev.pipeline.predictor.model.ModelRepository;
import dev.pipeline.predictor.onnx.TextEncoder;

/**
 * Trains the {@code sentiment} model's logistic-regression head, reproducibly.
 * <p>
 * Embeds every labelled sentence of {@code amazon.json} and {@code imdb.json} with the
 * model's own encoder and pre-processing (read from its {@code config.json}), reports
 * accuracy on data the head was not trained on (train on one domain, test on the other,
 * both ways), then fits the shipped head on both files and writes it next to the config.
 * Deterministic: the same data and encoder give the same {@code head.json}.
 * <p>
 * Usage: {@code HeadTrainer <dataset-dir> <model-version-dir> [C]}; see
 * models/sentiment/README.md.
 */
public final class HeadTrainer {

	static final double DEFAULT_C = 1.0;

	private static final int EMBEDDING_BATCH = 32;

	private HeadTrainer() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("Usage: HeadTrainer <dataset-dir> <model-version-dir> [C]");
			System.exit(2);
		}
		Path data = Path.of(args[0]);
		Path versionDir = Path.of(args[1]);
		double c = (args.length > 2) ? Double.parseDouble(args[2]) : DEFAULT_C;
		Map<String, Object> report = train(data, versionDir, c);
		System.out.println(PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
	}

	static Map<String, Object> train(Path data, Path versionDir, double c) throws IOException, OrtException {
		ModelConfig config = readConfig(versionDir);
		Domains domains = embed(data, versionDir);
		Embedded amazonSet = domains.amazon();
		Embedded imdbSet = domains.imdb();
		double amazonToImdb = heldOut(amazonSet, imdbSet, c);
		double imdbToAmazon = heldOut(imdbSet, amazonSet, c);
		Embedded both = amazonSet.concat(imdbSet);
		double[] theta = LogisticRegression.fit(both.features(), both.labels(), c);
		double trainingAccuracy = LogisticRegression.accuracy(both.features(), both.labels(), theta);

		Map<String, Object> training = new LinkedHashMap<>();
		training.put("method", "L2-regularised logistic regression (Newton), C=" + c
				+ ", on L2-normalised mean-pooled encoder embeddings");
		training.put("data", "amazon.json + imdb.json (Kotzias et al., KDD 2015, UCI, CC BY 4.0)");
		training.put("examples", both.labels().length);
		training.put("trainingAccuracy", round(trainingAccuracy));
		training.put("heldOutAccuracyTrainAmazonTestImdb", round(amazonToImdb));
		training.put("heldOutAccuracyTrainImdbTestAmazon", round(imdbToAmazon));
		int dims = theta.length - 1;
		double[] weights = new double[dims];
		System.arraycopy(theta, 0, weights, 0, dims);
		Map<String, Object> head = new LinkedHashMap<>();
		head.put("labels", List.of("negative", "positive"));
		head.put("weights", weights);
		head.put("bias", theta[dims]);
		head.put("training", training);
		Path headFile = versionDir.resolve((config.onnx().head() != null) ? config.onnx().head() : "head.json");
		Files.writeString(headFile, PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(head)
				+ System.lineSeparator());
		System.err.printf(Locale.ROOT, "train amazon -> test imdb:   %.2f %%%n", amazonToImdb * 100);
		System.err.printf(Locale.ROOT, "train imdb   -> test amazon: %.2f %%%n", imdbToAmazon * 100);
		System.err.printf(Locale.ROOT, "shipped head (both, %d examples) training accuracy: %.2f %%, written to %s%n",
				both.labels().length, trainingAccuracy * 100, headFile);
		return training;
	}

	/**
	 * Embeds both data files with the encoder and pre-processing the version's
	 * {@code config.json} names, exactly as the worker would.
	 */
	static Domains embed(Path data, Path versionDir) throws IOException, OrtException {
		ModelConfig config = readConfig(versionDir);
		List<LabelledSentence> amazon = LabelledSentence.read(data.resolve("amazon.json"));
		List<LabelledSentence> imdb = LabelledSentence.read(data.resolve("imdb.json"));
		try (TextEncoder encoder = TextEncoder.load(versionDir, config.onnx(), 0)) {
			return new Domains(embed(encoder, amazon), embed(encoder, imdb));
		}
	}

	private static ModelConfig readConfig(Path versionDir) throws IOException {
		return ModelRepository.readConfig(versionDir.resolve("config.json"),
				versionDir.getParent().getFileName().toString(), versionDir.getFileName().toString());
	}

	/** Accuracy on {@code test} of a head fitted on {@code train} only. */
	static double heldOut(Embedded train, Embedded test, double c) {
		double[] theta = LogisticRegression.fit(train.features(), train.labels(), c);
		return LogisticRegression.accuracy(test.features(), test.labels(), theta);
	}

	private static Embedded embed(TextEncoder encoder, List<LabelledSentence> rows) throws OrtException {
		List<float[]> features = new ArrayList<>(rows.size());
		for (int from = 0; from < rows.size(); from += EMBEDDING_BATCH) {
			List<String> texts = rows.subList(from, Math.min(rows.size(), from + EMBEDDING_BATCH))
				.stream()
				.map(LabelledSentence::text)
				.toList();
			for (float[] row : encoder.encode(encoder.tokenize(texts))) {
				features.add(row);
			}
		}
		int[] labels = rows.stream().mapToInt(LabelledSentence::label).toArray();
		return new Embedded(features.toArray(float[][]::new), labels);
	}

	private static double round(double value) {
		return Math.round(value * 10000) / 10000.0;
	}

	/** The two data files, embedded. */
	record Domains(Embedded amazon, Embedded imdb) {

	}

	/** Embeddings and their labels, one row per sentence. */
	record Embedded(float[][] features, int[] labels) {

		Embedded concat(Embedded other) {
			float[][] joined = new float[this.features.length + other.features.length][];
			System.arraycopy(this.features, 0, joined, 0, this.features.length);
			System.arraycopy(other.features, 0, joined, this.features.length, other.features.length);
			int[] joinedLabels = new int[joined.length];
			System.arraycopy(this.labels, 0, joinedLabels, 0, this.labels.length);
			System.arraycopy(other.labels, 0, joinedLabels, this.labels.length, other.labels.length);
			return new Embedded(joined, joinedLabels);
		}

	}

}
