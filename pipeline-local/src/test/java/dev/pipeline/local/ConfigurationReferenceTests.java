package dev.pipeline.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.pipeline.contracts.RequestLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md is what {@link ConfigurationReference} writes from the metadata
 * compiled now; with {@code -Dpipeline.configuration-reference.write=true} this test
 * writes it instead ({@link ConfigurationReference#REGENERATE}).
 */
class ConfigurationReferenceTests {

	private final Path document = LocalStackIT.home().resolve(ConfigurationReference.DOCUMENT);

	@Test
	void shouldMatchTheConfigurationMetadata() throws Exception {
		String expected = ConfigurationReference.render();
		if (Boolean.getBoolean("pipeline.configuration-reference.write")) {
			Files.writeString(this.document, expected);
		}

		assertThat(Files.exists(this.document))
			.as("%s exists; write it with: %s", this.document, ConfigurationReference.REGENERATE)
			.isTrue();
		assertThat(Files.readString(this.document))
			.as("docs/configuration.md is out of date; write it again with: %s", ConfigurationReference.REGENERATE)
			.isEqualTo(expected);
	}

	@Test
	void shouldListEveryServicesPropertiesWithTheirEnvironmentVariables() {
		String reference = ConfigurationReference.render();

		assertThat(reference).contains("| `pipeline.topics.prefix` | `PIPELINE_TOPICS_PREFIX` |",
				"| `ingress.accounts.key-cache-ttl` | `INGRESS_ACCOUNTS_KEYCACHETTL` | duration | `30s` |",
				"| `predictor.instance-id` | `PREDICTOR_INSTANCEID` or `HOSTNAME` |", "## metrics-aggregator",
				"| `analyst.gemini.api-key` | `ANALYST_GEMINI_APIKEY` or `GEMINI_API_KEY` |",
				"| `ingress.accounts.admin-token` | `INGRESS_ACCOUNTS_ADMINTOKEN` or `PIPELINE_ADMIN_TOKEN` |");
		assertThat(reference).doesNotContain("{@code", "{@link");
	}

	/** The limits' Javadoc repeats the contract's defaults: this keeps them the same. */
	@Test
	void shouldStateTheContractsDefaultRequestLimits() {
		List<String> rows = ConfigurationReference.render().lines().toList();
		RequestLimits defaults = RequestLimits.DEFAULTS;
		Map<String, Integer> limits = Map.of("max-instances", defaults.maxInstances(), "max-text-length",
				defaults.maxTextLength(), "max-total-text-length", defaults.maxTotalTextLength(), "max-series-length",
				defaults.maxSeriesLength(), "max-total-points", defaults.maxTotalPoints(), "max-parameters",
				defaults.maxParameters());

		for (String prefix : List.of("ingress.prediction.limits.", "predictor.limits.")) {
			limits.forEach(
					(limit, value) -> assertThat(rows).filteredOn(row -> row.startsWith("| `" + prefix + limit + "` |"))
						.singleElement()
						.asString()
						.contains(String.format(Locale.ROOT, "%,d)", value)));
		}
	}

	@Test
	void shouldFollowTheNestingOfAYamlFileToThePropertyAPlaceholderSets() {
		String yaml = """
				analyst:
				  # a comment: ignored
				  gemini:
				    api-key: ${GEMINI_API_KEY:}
				    model: gemini-2.5-flash-lite
				  reports:
				    cache-ttl: ${CACHE_TTL:300s}
				spring:
				  kafka:
				    bootstrap-servers: localhost:9092
				""";

		assertThat(ConfigurationReference.environmentAliases(yaml)).containsExactly(
				Map.entry("analyst.gemini.api-key", "GEMINI_API_KEY"),
				Map.entry("analyst.reports.cache-ttl", "CACHE_TTL"));
	}

}
