package dev.pipeline.aggregator.system;

import dev.pipeline.contracts.RecordTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-record trace continuation for the result sink (each result of a poll logged in its
 * own trace), over Boot's OpenTelemetry tracer and W3C propagator (docs/observability.md,
 * Traces).
 */
@Configuration(proxyBeanMethods = false)
class RecordTracingConfiguration {

	@Bean
	RecordTracing recordTracing(Tracer tracer, Propagator propagator) {
		return new RecordTracing(tracer, propagator);
	}

}
