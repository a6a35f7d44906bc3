package dev.pipeline.ingress.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.ReplyAddress;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Plays the analyst-worker's Kafka part for the ingress tests (the worker is another
 * module): reads {@code analysis.requests} and answers requests whose model starts with
 * {@code answered-} at the reply address of their headers ({@link ReplyAddress}), as the
 * real worker does. Other requests are left unanswered.
 */
final class StandInAnalyst implements AutoCloseable {

	static final String ANSWERED_PREFIX = "answered-";

	private final KafkaConsumer<String, AnalysisRequest> consumer;

	private final KafkaProducer<String, AnalysisReport> producer;

	private final Thread loop;

	private volatile boolean running = true;

	StandInAnalyst(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				Topics.ANALYSIS_REQUESTS.keySerde().deserializer(),
				Topics.ANALYSIS_REQUESTS.valueSerde().deserializer());
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				Topics.ANALYSIS_REPORTS.keySerde().serializer(), Topics.ANALYSIS_REPORTS.valueSerde().serializer());
		List<TopicPartition> partitions = IntStream.range(0, 3)
			.mapToObj((p) -> new TopicPartition(Topics.ANALYSIS_REQUESTS.name(), p))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
		this.loop = new Thread(this::run, "stand-in-analyst");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	private void run() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, AnalysisRequest> record : this.consumer.poll(Duration.ofMillis(100))) {
					if (record.value().model().startsWith(ANSWERED_PREFIX)) {
						answer(record);
					}
				}
			}
		}
		catch (WakeupException ex) {
			// Closing.
		}
		finally {
			this.consumer.close();
		}
	}

	private void answer(ConsumerRecord<String, AnalysisRequest> record) {
		AnalysisRequest request = record.value();
		AnalysisReport report = new AnalysisReport(AnalysisReport.SCHEMA_VERSION, request.id(), request.model(),
				request.window(), AnalysisReport.SOURCE_RULE_BASED, false, Instant.now(),
				"## Performance report: " + request.model(), JsonNodeFactory.instance.objectNode().put("count", 0));
		ReplyAddress.Read read = ReplyAddress.read(record.headers(), List.of(Topics.ANALYSIS_REPORTS.name()),
				topic -> this.producer.partitionsFor(topic).size());
		if (!(read instanceof ReplyAddress.Addressed addressed)) {
			return;
		}
		ProducerRecord<String, AnalysisReport> reply = addressed.address().record(request.id(), report);
		this.producer.send(reply);
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.consumer.wakeup();
		this.loop.join(5000);
		this.producer.close();
	}

}
