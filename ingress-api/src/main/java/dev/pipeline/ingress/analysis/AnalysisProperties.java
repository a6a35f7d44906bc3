package dev.pipeline.ingress.analysis;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ingress side of performance analysis (docs/analysis.md).
 *
 * @param requestsTopic where analysis requests go
 * @param replyTopic the topic this instance waits on for reports
 * @param replyPartition this instance's partition of {@code replyTopic}: each ingress
 * instance needs its own (e.g. the ordinal of a StatefulSet pod), or its own
 * {@code replyTopic}
 * @param defaultWait how long a request waits for its report when the client says nothing
 * @param maxWait the most a client may ask for with {@code Prefer: wait=}
 * @param sendTimeout how long to wait for Kafka to acknowledge the request before
 * answering 503
 * @param requestTtl how long a request id stays known to the poll endpoint
 * @param perAccount whether reports cover only the caller's traffic (the {@code ACCOUNT}
 * scope of the metrics) instead of all traffic of the model
 */
@Validated
@ConfigurationProperties("analysis")
public record AnalysisProperties(@DefaultValue("analysis.requests") @NotBlank String requestsTopic,
		@DefaultValue("analysis.reports") @NotBlank String replyTopic, @DefaultValue("0") @Min(0) int replyPartition,
		@DefaultValue("10s") @NotNull Duration defaultWait, @DefaultValue("30s") @NotNull Duration maxWait,
		@DefaultValue("5s") @NotNull Duration sendTimeout, @DefaultValue("1h") @NotNull Duration requestTtl,
		@DefaultValue("false") boolean perAccount) {

}
