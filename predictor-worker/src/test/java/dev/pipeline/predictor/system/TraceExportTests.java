package dev.pipeline.predictor.system;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces leave a service only when an OTLP endpoint is set (docs/observability.md,
 * Traces), and then the exporter works with the services' classpath: its HTTP sender is
 * the JDK's, OkHttp being excluded. The four services declare the same tracing
 * dependencies; this checks them once, in the worker.
 */
class TraceExportTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OpenTelemetrySdkAutoConfiguration.class,
				OpenTelemetryTracingAutoConfiguration.class, OtlpTracingAutoConfiguration.class));

	@Test
	void shouldExportNothingWithoutAnEndpoint() {
		this.contexts.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void shouldExportOverOtlpOnceAnEndpointIsSet() {
		this.contexts
			.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://localhost:4318/v1/traces")
			.run(context -> assertThat(context).hasNotFailed().hasSingleBean(OtlpHttpSpanExporter.class));
	}

}
