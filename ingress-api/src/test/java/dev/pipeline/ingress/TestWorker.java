package dev.pipeline.ingress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pipeline.contracts.ErrorInfo;
import dev.pipeline.contracts.InferenceRequest;
import dev.pipeline.contracts.InferenceResult;
import dev.pipeline.contracts.ModelDescriptor;
import dev.pipeline.contracts.ModelTensor;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.ReplyAddress;
import dev.pipeline.contracts.Timings;
import dev.pipeline.contracts.Topics;
import dev.pipeline.servers.SharedTestServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stands in for the predictor worker in ingress tests: a real Kafka consumer of
 * {@code inference.requests} that answers on the reply topic and partition named in the
 * headers, copying the correlation id, as the real worker does. It announces four models
 * on the catalogue topic ({@code sentiment}: text, {@code kalman}: number series,
 * {@code warming}: not ready, {@link #VERSIONED}: text in two versions). Its behaviour is
 * steered by the input: a text containing {@code [silent]} is never answered,
 * {@code [invalid]} is answered FAILED/INVALID_INPUT, {@code [expired]} EXPIRED; anything
 * else succeeds.
 */
public final class TestWorker {

	/**
	 * A text model announced with versions 1 (the default) and 2; its outputs name the
	 * version that computed them.
	 */
	public static final String VERSIONED = "versioned";

	private static TestWorker instance;

	private final KafkaProducer<String, String> producer;

	private final Map<String, Received> received = new ConcurrentHashMap<>();

	private final Map<String, InferenceResult> answered = new ConcurrentHashMap<>();

	/**
	 * What the worker saw of one request: the reply partition of its reply address, if it
	 * named one the worker accepts ({@link ReplyAddress}), and its W3C trace context.
	 */
	public record Received(InferenceRequest request, @Nullable Integer replyPartition, @Nullable String traceparent,
			@Nullable String tracestate) {
	}

	private TestWorker(String bootstrapServers) {
		// Not idempotent: a first send racing the creation of a just-provisioned
		// partition
		// can otherwise leave the producer retrying an out-of-order sequence for ever
		// (seen
		// on a loaded machine); a duplicate announcement or reply is harmless.
		this.producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.LINGER_MS_CONFIG, 0,
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
				new StringSerializer(), new StringSerializer());
		announceModels();
		Thread thread = new Thread(() -> answerForever(bootstrapServers), "ingress-test-worker");
		thread.setDaemon(true);
		thread.start();
	}

	public static synchronized TestWorker get() {
		if (instance == null) {
			instance = new TestWorker(SharedTestServers.get().kafkaBootstrapServers());
		}
		return instance;
	}

	public @Nullable Received received(String id) {
		return this.received.get(id);
	}

	/**
	 * The result the worker answered a request with, as the real worker also publishes it
	 * to {@code inference.results} (for a test standing in for the metrics-aggregator).
	 */
	public @Nullable InferenceResult answered(String id) {
		return this.answered.get(id);
	}

	private void announceModels() {
		Instant now = Instant.now();
		announce(new ModelDescriptor(1, "sentiment", "1", ModelDescriptor.TEXT, "test sentiment", 8, true, now,
				"onnx_onnxv1", tensors("sentiment", "inputs"), tensors("sentiment", "outputs")));
		announce(new ModelDescriptor(1, "kalman", "1", ModelDescriptor.NUMBER_SERIES, "test kalman", 8, true, now,
				"pipeline_kalman", tensors("kalman", "inputs"), tensors("kalman", "outputs")));
		// Two versions served at once, version 1 the default.
		List<ModelTensor> inputs = tensors("sentiment", "inputs");
		List<ModelTensor> outputs = tensors("sentiment", "outputs");
		announce(new ModelDescriptor(1, VERSIONED, "1", ModelDescriptor.TEXT, "versioned one", 8, true, now,
				"onnx_onnxv1", inputs, outputs,
				List.of(new ModelDescriptor.Version("1", ModelDescriptor.TEXT, "versioned one", 8, true, "onnx_onnxv1",
						inputs, outputs),
						new ModelDescriptor.Version("2", ModelDescriptor.TEXT, "versioned two", 8, true, "onnx_onnxv1",
								inputs, outputs))));
		// Announced as a worker older than tensors and platforms would.
		announce(new ModelDescriptor(1, "warming", "1", ModelDescriptor.TEXT, "never ready", 8, false, now));
		this.producer.flush();
	}

	/**
	 * The tensors of the model repository's config.json, as the real worker announces
	 * them.
	 */
	private static List<ModelTensor> tensors(String model, String field) {
		Path config = Path.of("..", "models", model, "1", "config.json");
		try {
			JsonNode tensors = PipelineJson.mapper().readTree(Files.readString(config)).required(field);
			return PipelineJson.mapper().convertValue(tensors, new TypeReference<List<ModelTensor>>() {
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void announce(ModelDescriptor descriptor) {
		this.producer.send(new ProducerRecord<>(Topics.INFERENCE_MODELS.name(), descriptor.name(),
				new String(Topics.INFERENCE_MODELS.valueSerde().serializer().serialize(null, descriptor))));
	}

	private void answerForever(String bootstrapServers) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "ingress-test-worker", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest");
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(Topics.INFERENCE_REQUESTS.name()));
			while (true) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
					answer(record);
				}
			}
		}
	}

	private static @Nullable String text(ConsumerRecord<?, ?> record, String header) {
		Header last = record.headers().lastHeader(header);
		return (last != null) ? new String(last.value(), StandardCharsets.UTF_8) : null;
	}

	private void answer(ConsumerRecord<String, byte[]> record) {
		InferenceRequest request = Topics.INFERENCE_REQUESTS.valueSerde()
			.deserializer()
			.deserialize(record.topic(), record.value());
		ReplyAddress.Read read = ReplyAddress.read(record.headers(), List.of(Topics.INFERENCE_REPLIES.name()),
				topic -> this.producer.partitionsFor(topic).size());
		ReplyAddress replyTo = (read instanceof ReplyAddress.Addressed addressed) ? addressed.address() : null;
		this.received.put(request.id(), new Received(request, (replyTo != null) ? replyTo.partition() : null,
				text(record, PipelineHeaders.TRACEPARENT), text(record, PipelineHeaders.TRACESTATE)));
		String text = request.inputs().toString();
		if (text.contains("[silent]") || replyTo == null) {
			return;
		}
		InferenceResult result = compute(request, text);
		this.answered.put(request.id(), result);
		this.producer.send(replyTo.record(request.id(),
				new String(Topics.INFERENCE_REPLIES.valueSerde().serializer().serialize(null, result))));
	}

	private static InferenceResult compute(InferenceRequest request, String text) {
		Instant now = Instant.now();
		if (text.contains("[invalid]")) {
			return InferenceResult.failed(request, "1", new ErrorInfo("INVALID_INPUT", "text is unusable"), now,
					Timings.none());
		}
		if (text.contains("[expired]")) {
			return InferenceResult.expired(request, now);
		}
		// The version the request pins answers, else the default: as the real worker.
		String version = (request.modelVersion() != null) ? request.modelVersion() : "1";
		List<JsonNode> outputs = new ArrayList<>();
		for (JsonNode instance : request.inputs()) {
			JsonNode output = request.model().equals("kalman") ? smooth(instance) : sentiment(instance.asString());
			if (request.model().equals(VERSIONED)) {
				((ObjectNode) output).put("computedBy", version);
			}
			outputs.add(output);
		}
		return InferenceResult.succeeded(request, version, outputs, now, new Timings(1.0, 2.0, outputs.size()));
	}

	private static JsonNode sentiment(String text) {
		boolean positive = text.contains("love") || text.contains("great") || text.contains("good");
		ObjectNode output = JsonNodeFactory.instance.objectNode()
			.put("label", positive ? "positive" : "negative")
			.put("score", positive ? 0.93 : 0.88);
		output.putArray("probabilities").add(positive ? 0.07 : 0.88).add(positive ? 0.93 : 0.12);
		return output;
	}

	/** A crude filter standing in for Kalman: exponential smoothing with gain 0.5. */
	private static JsonNode smooth(JsonNode series) {
		var out = JsonNodeFactory.instance.arrayNode();
		double estimate = series.get(0).doubleValue();
		for (JsonNode value : series) {
			estimate = estimate + 0.5 * (value.doubleValue() - estimate);
			out.add(estimate);
		}
		return out;
	}

}
