package dev.pipeline.ingress.system;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits at the HTTP edge of the ingress.
 *
 * @param maxBodySize largest request body accepted; larger ones are answered 413 before
 * they are read
 * @param healthTimeout how long {@code GET /health} waits for each dependency
 */
@Validated
@ConfigurationProperties("ingress.http")
public record HttpEdgeProperties(@NotNull @DefaultValue("1MB") DataSize maxBodySize,
		@NotNull @DefaultValue("2s") Duration healthTimeout) {
}
