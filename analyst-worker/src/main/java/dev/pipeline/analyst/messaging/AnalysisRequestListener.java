package dev.pipeline.analyst.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.analyst.report.PerformanceAnalyst;
import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.LogSafe;
import dev.pipeline.contracts.RecordTracing;
import dev.pipeline.contracts.ReplyAddress;
import dev.pipeline.contracts.RequestRules;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import io.micrometer.tracing.Span;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Answers each {@link AnalysisRequest}: the report goes to {@code analysis.reports} keyed
 * by the request id (for anyone on Kafka), and, when the request names a reply address
 * ({@link ReplyAddress}) on {@code analysis.reports} or one of
 * {@code analyst.kafka.reply-topics}, to that topic and partition with the correlation id
 * copied, for the ingress instance waiting on it. When the reply topic is
 * {@code analysis.reports} itself, one record serves both. A reply address the analyst
 * refuses is logged and skipped: the report is still on {@code analysis.reports}.
 * <p>
 * The requests of one poll are analysed side by side in {@link AnalysisSlots}, so a slow
 * Gemini costs each of them its own budget, not the budgets of the requests before it.
 * The listener returns, and the poll's offsets are committed, only after every report of
 * the poll was acknowledged by Kafka (or its request skipped). A request whose report
 * failed is handed to the error handler as the batch's failed record: the offsets before
 * it are committed, it and the records after it are delivered again (at least once: a
 * report sent after it may be sent twice).
 */
@Component
class AnalysisRequestListener {

	private static final Logger log = LoggerFactory.getLogger(AnalysisRequestListener.class);

	private final PerformanceAnalyst analyst;

	private final KafkaTemplate<String, AnalysisReport> reports;

	private final AnalystTopicsProperties topics;

	private final String requestsTopic;

	private final String reportsTopic;

	private final AnalysisSlots slots;

	private final RecordTracing tracing;

	/**
	 * The topics a reply may go to: the reports topic and the configured reply topics.
	 */
	private final Set<String> replyTopics;

	AnalysisRequestListener(PerformanceAnalyst analyst, KafkaTemplate<String, AnalysisReport> reports,
			AnalystTopicsProperties topics, TopicNames names, AnalysisSlots slots, RecordTracing tracing) {
		this.analyst = analyst;
		this.tracing = tracing;
		this.slots = slots;
		this.reports = reports;
		this.topics = topics;
		this.requestsTopic = names.of(Topics.ANALYSIS_REQUESTS);
		this.reportsTopic = names.of(Topics.ANALYSIS_REPORTS);
		Set<String> replyTopics = new LinkedHashSet<>();
		replyTopics.add(this.reportsTopic);
		replyTopics.addAll(topics.replyTopics());
		this.replyTopics = Collections.unmodifiableSet(replyTopics);
	}

	/**
	 * The topic this listener reads, from {@link TopicNames}; the {@code @KafkaListener}
	 * below asks for it, so the name and its default live in one place.
	 */
	public String topic() {
		return this.requestsTopic;
	}

	@KafkaListener(id = "analysis-requests", topics = "#{__listener.topic()}",
			containerFactory = "analysisRequestContainerFactory")
	void on(List<ConsumerRecord<String, @Nullable AnalysisRequest>> records) throws InterruptedException {
		List<CompletableFuture<Void>> answers = new ArrayList<>(records.size());
		for (ConsumerRecord<String, @Nullable AnalysisRequest> record : records) {
			AnalysisRequest request = record.value();
			if (request == null) {
				// The ErrorHandlingDeserializer's mark: unreadable, and it never will be.
				log.warn("Skipping an unreadable analysis request at {}-{}@{}", record.topic(), record.partition(),
						record.offset());
				answers.add(CompletableFuture.completedFuture(null));
				continue;
			}
			answers.add(this.slots.run(() -> answerInItsTrace(request, record)));
		}
		// Each analysis ends within its own bounds, so this wait is bounded too.
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		for (int i = 0; i < answers.size(); i++) {
			try {
				answers.get(i).join();
			}
			catch (CompletionException ex) {
				throw new BatchListenerFailedException("Analysis request failed", ex.getCause(), records.get(i));
			}
		}
	}

	/**
	 * On the analysis slot's thread, in the trace of the ingress call that asked for it:
	 * the report sent back carries it, the log lines show it with the request id.
	 */
	private void answerInItsTrace(AnalysisRequest request, ConsumerRecord<?, ?> record) {
		Span span = this.tracing.start("analysis.requests process", record.headers());
		String id = (request.id() != null && RequestRules.ID.matcher(request.id()).matches()) ? request.id() : null;
		try (RecordTracing.Scope scope = this.tracing.open(span, id)) {
			answer(request, record);
		}
		catch (RuntimeException ex) {
			span.error(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	private void answer(AnalysisRequest request, ConsumerRecord<?, ?> record) {
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
		ReplyAddress replyTo = replyAddress(request, record);
		boolean repliedOnReports = false;
		if (replyTo != null && !replyIsLate(request)) {
			sends.add(this.reports.send(replyTo.record(report.id(), report)));
			repliedOnReports = replyTo.topic().equals(this.reportsTopic);
		}
		if (!repliedOnReports) {
			sends.add(this.reports.send(this.reportsTopic, report.id(), report));
		}
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
				.get(this.topics.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending report " + report.id(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not acknowledge report " + report.id(), ex);
		}
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

	/** Where the request asks for its reply, if the analyst may send it there. */
	private @Nullable ReplyAddress replyAddress(AnalysisRequest request, ConsumerRecord<?, ?> record) {
		// Only asked for allowed topics; the producer answers from its metadata cache
		// once it knows them.
		ReplyAddress.Read read = ReplyAddress.read(record.headers(), this.replyTopics,
				topic -> this.reports.partitionsFor(topic).size());
		if (read instanceof ReplyAddress.Refused refused) {
			log.warn("Not replying to analysis request {}: {}; its report is on {} only", LogSafe.escape(request.id()),
					LogSafe.escape(refused.reason()), this.reportsTopic);
		}
		return (read instanceof ReplyAddress.Addressed addressed) ? addressed.address() : null;
	}

}
