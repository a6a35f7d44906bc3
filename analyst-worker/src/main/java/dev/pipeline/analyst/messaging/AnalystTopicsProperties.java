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
 * @param concurrency listener threads; reports are computed on them, so this is also how
 * many reports one instance computes at a time (up to the partition count)
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
		@DefaultValue("10s") @NotNull Duration sendTimeout, @DefaultValue List<String> replyTopics) {

}
