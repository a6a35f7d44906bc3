package dev.pipeline.analyst.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.analyst.report.PerformanceAnalyst;
import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.PipelineHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Answers each {@link AnalysisRequest}: the report goes to {@code analysis.reports} keyed
 * by the request id (for anyone on Kafka), and, when the request names a reply topic, to
 * that topic and partition with the correlation id copied, for the ingress instance
 * waiting on it. When the reply topic is {@code analysis.reports} itself, one record
 * serves both. The listener returns (and its offset is committed) only after Kafka
 * acknowledged the report.
 */
@Component
class AnalysisRequestListener {

	private static final Logger log = LoggerFactory.getLogger(AnalysisRequestListener.class);

	private final PerformanceAnalyst analyst;

	private final KafkaTemplate<String, AnalysisReport> reports;

	private final AnalystTopicsProperties topics;

	AnalysisRequestListener(PerformanceAnalyst analyst, KafkaTemplate<String, AnalysisReport> reports,
			AnalystTopicsProperties topics) {
		this.analyst = analyst;
		this.reports = reports;
		this.topics = topics;
	}

	@KafkaListener(id = "analysis-requests", topics = "${analyst.kafka.requests:analysis.requests}",
			containerFactory = "analysisRequestContainerFactory")
	void on(AnalysisRequest request,
			@Header(name = PipelineHeaders.REPLY_TOPIC, required = false) byte @Nullable [] replyTopic,
			@Header(name = PipelineHeaders.REPLY_PARTITION, required = false) byte @Nullable [] replyPartition,
			@Header(name = PipelineHeaders.CORRELATION_ID, required = false) byte @Nullable [] correlationId)
			throws InterruptedException, ExecutionException, TimeoutException {
		if (request.id() == null || request.model() == null || request.window() == null) {
			log.warn("Skipping an analysis request without id, model or window: {}", LogSafe.escape(request));
			return;
		}
		AnalysisReport report;
		try {
			report = this.analyst.report(request);
		}
		catch (IllegalArgumentException ex) {
			log.warn("Skipping analysis request {}: {}", LogSafe.escape(request.id()), LogSafe.escape(ex.getMessage()));
			return;
		}
		List<CompletableFuture<SendResult<String, AnalysisReport>>> sends = new ArrayList<>();
		String replyTo = allowedReplyTopic(request, replyTopic);
		if (replyTo != null && !replyIsLate(request)) {
			ProducerRecord<String, AnalysisReport> reply = new ProducerRecord<>(replyTo,
					partition(replyTo, replyPartition), report.id(), report);
			if (correlationId != null) {
				reply.headers().add(PipelineHeaders.CORRELATION_ID, correlationId);
			}
			sends.add(this.reports.send(reply));
		}
		boolean repliedOnReports = !sends.isEmpty() && this.topics.reports().equals(replyTo);
		if (!repliedOnReports) {
			sends.add(this.reports.send(this.topics.reports(), report.id(), report));
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
			.get(this.topics.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		log.debug("Answered analysis request {} ({}, cached {})", LogSafe.escape(request.id()), report.source(),
				report.cached());
	}

	/**
	 * Past its deadline nobody waits on the reply topic any more; the report is still
	 * kept.
	 */
	private static boolean replyIsLate(AnalysisRequest request) {
		return request.deadline() != null && Instant.now().isAfter(request.deadline());
	}

	/** The reply topic a request names, if it is one this worker may write replies to. */
	private @Nullable String allowedReplyTopic(AnalysisRequest request, byte @Nullable [] header) {
		if (header == null) {
			return null;
		}
		String topic = new String(header, StandardCharsets.UTF_8);
		if (topic.equals(this.topics.reports()) || this.topics.replyTopics().contains(topic)) {
			return topic;
		}
		log.warn("Not replying to analysis request {} on {}: not an allowed reply topic", LogSafe.escape(request.id()),
				LogSafe.escape(topic));
		return null;
	}

	/**
	 * The reply partition, when it is a 4-byte int within the topic's partitions; else
	 * Kafka chooses.
	 */
	private @Nullable Integer partition(String topic, byte @Nullable [] header) {
		if (header == null || header.length != Integer.BYTES) {
			return null;
		}
		int partition = ByteBuffer.wrap(header).getInt();
		return (partition >= 0 && partition < this.reports.partitionsFor(topic).size()) ? partition : null;
	}

}
