package dev.pipeline.ingress.analysis;

import java.time.Instant;

import dev.pipeline.contracts.AnalysisReport;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** The 200 answer of API.md, "Metrics and analysis". */
record PerformanceReportBody(String id, String model, String window, String source, boolean cached, Instant generatedAt,
		String report,
		@Schema(types = "object",
				description = "The aggregate the report was based on, as GET /v1/metrics/summary answers it") JsonNode metrics)
		implements
			AnalysisAnswer {

	static PerformanceReportBody of(String id, AnalysisReport report, boolean cached) {
		return new PerformanceReportBody(id, report.model(), report.window(), report.source(), cached,
				report.generatedAt(), report.report(), report.metrics());
	}

}
