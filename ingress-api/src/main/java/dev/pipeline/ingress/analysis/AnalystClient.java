package dev.pipeline.ingress.analysis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.PipelineHeaders;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.requestreply.RequestReplyFuture;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.stereotype.Component;

/**
 * Sends analysis requests and waits for their reports on this instance's own reply
 * partition ({@code analysis.reply-topic}, {@code analysis.reply-partition}), assigned
 * explicitly rather than through a consumer group, so each instance reads only the
 * partition its requests name in their reply headers. The template is kept private (not a
 * bean) so Boot's own {@code KafkaTemplate} for the rest of the ingress is left alone.
 */
@Component
class AnalystClient implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AnalystClient.class);

	private final ReplyingKafkaTemplate<String, AnalysisRequest, AnalysisReport> template;

	private final AnalysisProperties properties;

	private volatile boolean running;

	AnalystClient(KafkaProperties kafka, AnalysisProperties properties) {
		this.properties = properties;
		Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Not used for assignment (the partition is fixed); only names this reader to the
		// broker.
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "ingress-analysis-replies-" + UUID.randomUUID());
		ContainerProperties container = new ContainerProperties(new TopicPartitionOffset(properties.replyTopic(),
				properties.replyPartition(), TopicPartitionOffset.SeekPosition.END));
		KafkaMessageListenerContainer<String, AnalysisReport> replies = new KafkaMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(),
						new ErrorHandlingDeserializer<>(Topics.ANALYSIS_REPORTS.valueSerde().deserializer())),
				container);
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		// A send must not block a request thread longer than its own deadline when Kafka
		// is down.
		producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeout().toMillis());
		this.template = new ReplyingKafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer, new StringSerializer(),
				Topics.ANALYSIS_REQUESTS.valueSerde().serializer()), replies);
		// Reports of Kafka-only clients may land on this partition too: not ours, so not
		// an error.
		this.template.setSharedReplyTopic(true);
		this.template.setDefaultReplyTimeout(properties.maxWait().plusSeconds(5));
	}

	/**
	 * Puts the request on Kafka and waits until Kafka acknowledged it.
	 * @throws KafkaUnavailable when Kafka did not acknowledge it in time
	 */
	PendingReport send(AnalysisRequest request, Duration replyTimeout) {
		ProducerRecord<String, AnalysisRequest> record = new ProducerRecord<>(this.properties.requestsTopic(),
				request.id(), request);
		record.headers()
			.add(PipelineHeaders.REPLY_PARTITION,
					ByteBuffer.allocate(Integer.BYTES).putInt(this.properties.replyPartition()).array());
		RequestReplyFuture<String, AnalysisRequest, AnalysisReport> future;
		try {
			future = this.template.sendAndReceive(record, replyTimeout);
			future.getSendFuture().get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailable(ex);
		}
		catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException
				| org.springframework.kafka.KafkaException ex) {
			throw new KafkaUnavailable(ex);
		}
		return new PendingReport(future);
	}

	@Override
	public void start() {
		this.template.afterPropertiesSet();
		this.template.start();
		try {
			if (!this.template.waitForAssignment(Duration.ofSeconds(30))) {
				log.warn("Reply partition {}-{} not assigned yet", this.properties.replyTopic(),
						this.properties.replyPartition());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = true;
	}

	/**
	 * Stops the reply container only: a stopped context may be started again (Spring's
	 * test context cache pauses idle contexts this way), and a destroyed template's
	 * scheduler could not be restarted, so every later request would fail.
	 */
	@Override
	public void stop() {
		this.template.stop();
		this.running = false;
	}

	/** Releases the template's scheduler when the context closes for good. */
	@Override
	public void destroy() {
		this.template.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** A request on Kafka whose report may still come. */
	static final class PendingReport {

		private final RequestReplyFuture<String, AnalysisRequest, AnalysisReport> future;

		private PendingReport(RequestReplyFuture<String, AnalysisRequest, AnalysisReport> future) {
			this.future = future;
		}

		/**
		 * @return the report, or {@code null} when it did not come within {@code wait}
		 */
		@Nullable AnalysisReport await(Duration wait) {
			try {
				ConsumerRecord<String, AnalysisReport> reply = this.future.get(Math.max(0, wait.toMillis()),
						TimeUnit.MILLISECONDS);
				return reply.value();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
			catch (ExecutionException | TimeoutException ex) {
				return null;
			}
		}

	}

	/** Kafka did not take the request: the client should retry later. */
	static final class KafkaUnavailable extends RuntimeException {

		KafkaUnavailable(Throwable cause) {
			super(cause);
		}

	}

}
