package dev.pipeline.analyst.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param requests topic of {@code AnalysisRequest}s
 * @param reports topic every report is written to
 * @param concurrency listener threads, one consumer each (up to the partition count)
 * @param maxConcurrentAnalyses analyses this instance runs at once, over all listener
 * threads; also each poll's {@code max.poll.records}, so a poll never holds more requests
 * than can run side by side
 * @param sendTimeout how long to wait for Kafka to acknowledge a report before the
 * request is retried
 * @param replyTopics topics a request's reply header may name besides {@code reports} (an
 * ingress instance with a reply topic of its own); any other is ignored, so a record
 * written directly to {@code analysis.requests} cannot make this worker write into an
 * internal topic
 */
@Validated
@ConfigurationProperties("analyst.kafka")
public record AnalystTopicsProperties(@DefaultValue("analysis.requests") @NotBlank String requests,
		@DefaultValue("analysis.reports") @NotBlank String reports, @DefaultValue("3") @Min(1) int concurrency,
		@DefaultValue("8") @Min(1) int maxConcurrentAnalyses, @DefaultValue("10s") @NotNull Duration sendTimeout,
		@DefaultValue List<String> replyTopics) {

}
