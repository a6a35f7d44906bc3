package dev.pipeline.ingress.analysis;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ingress side of performance analysis (docs/analysis.md).
 *
 * @param replyGroupId consumer group shared by the ingress instances on the topic the
 * analyst answers waiting callers on ({@code analysis.reports} behind
 * {@code pipeline.topics.prefix}); every instance of one deployment reads it in this
 * group, so there can be at most as many instances as the topic has partitions (as for
 * predictions, docs/api.md)
 * @param defaultWait how long a request waits for its report when the client says nothing
 * @param maxWait the most a client may ask for with {@code Prefer: wait=}
 * @param sendTimeout how long to wait for Kafka to acknowledge the request before
 * answering 503
 * @param assignmentTimeout how long start-up waits for reply partitions to be assigned
 * @param requestTtl how long a request id stays known to the poll endpoint
 * @param perAccount whether reports cover only the caller's traffic (the {@code ACCOUNT}
 * scope of the metrics) instead of all traffic of the model
 */
@Validated
@ConfigurationProperties("ingress.analysis")
public record AnalysisProperties(@DefaultValue("ingress-analysis-replies") @NotBlank String replyGroupId,
		@DefaultValue("10s") @NotNull Duration defaultWait, @DefaultValue("30s") @NotNull Duration maxWait,
		@DefaultValue("5s") @NotNull Duration sendTimeout, @DefaultValue("30s") @NotNull Duration assignmentTimeout,
		@DefaultValue("1h") @NotNull Duration requestTtl, @DefaultValue("false") boolean perAccount) {

}
