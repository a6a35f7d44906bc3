package dev.pipeline.analyst.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the analyst uses Kafka, under {@code analyst.kafka}. It reads
 * {@code analysis.requests} and writes every report to {@code analysis.reports}, both
 * behind {@code pipeline.topics.prefix}.
 *
 * @param concurrency listener threads, one consumer each (up to the partition count)
 * @param maxConcurrentAnalyses analyses this instance runs at once, over all listener
 * threads; also each poll's {@code max.poll.records}, so a poll never holds more requests
 * than can run side by side
 * @param sendTimeout how long to wait for Kafka to acknowledge a report before the
 * request is retried
 * @param replyTopics topics a request's reply header may name besides the reports topic
 * (a direct Kafka client's reply topic); any other is ignored, so a record written
 * directly to {@code analysis.requests} cannot make this worker write into an internal
 * topic
 */
@Validated
@ConfigurationProperties("analyst.kafka")
public record AnalystTopicsProperties(@DefaultValue("3") @Min(1) int concurrency,
		@DefaultValue("8") @Min(1) int maxConcurrentAnalyses, @DefaultValue("10s") @NotNull Duration sendTimeout,
		@DefaultValue List<String> replyTopics) {

}
