package dev.pipeline.ingress.model;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param topic the compacted topic predictor workers announce their models on
 */
@Validated
@ConfigurationProperties("ingress.models")
public record ModelCatalogProperties(@NotBlank @DefaultValue("inference.models") String topic) {
}
