package dev.pipeline.ingress.analysis;

import java.time.Duration;
import java.util.Optional;

import dev.pipeline.contracts.AnalysisReport;
import dev.pipeline.contracts.AnalysisRequest;
import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topics;
import dev.pipeline.ingress.reply.PendingReply;
import dev.pipeline.ingress.reply.ReplyChannel;
import dev.pipeline.ingress.system.KafkaUnavailableException;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.stereotype.Component;

/**
 * The reply channel of analyses: requests to {@code analysis.requests}, reports on
 * {@code analysis.reports} (both behind {@code pipeline.topics.prefix}) in the group
 * {@code ingress.analysis.reply-group-id}, routed to this instance as
 * {@link ReplyChannel} describes, the same way as predictions. A report that does not
 * come in time is read from Redis, where the analyst stores every report, through the
 * poll route.
 */
@Component
class AnalystClient extends ReplyChannel<AnalysisRequest, AnalysisReport> {

	AnalystClient(KafkaProperties kafka, ConcurrentKafkaListenerContainerFactory<?, ?> containers,
			AnalysisProperties properties, TopicNames names, ObservationRegistry observations) {
		super(new Settings("analysisReplyContainer", names.of(Topics.ANALYSIS_REQUESTS),
				names.of(Topics.ANALYSIS_REPORTS), properties.replyGroupId(), properties.sendTimeout(),
				// Every report is published on analysis.reports; only replies carry a
				// correlation id.
				properties.assignmentTimeout(), true), kafka, Topics.ANALYSIS_REQUESTS.valueSerde().serializer(),
				containers, Topics.ANALYSIS_REPORTS.valueSerde().deserializer(), observations);
	}

	/**
	 * Puts the request on Kafka and returns once Kafka acknowledged it. While this
	 * instance owns no reply partition (a rebalance) the request goes without a reply
	 * address: the analyst still answers it, and the caller polls for the report.
	 * @return the report to come, or empty when none will come to this instance
	 * @throws KafkaUnavailableException when Kafka did not acknowledge the request in
	 * time
	 */
	Optional<PendingReply<AnalysisReport>> ask(AnalysisRequest request, Duration replyTimeout) {
		Optional<PendingReply<AnalysisReport>> sent = send(request.id(), request, replyTimeout);
		if (sent.isEmpty()) {
			publish(request.id(), request);
		}
		return sent;
	}

}
