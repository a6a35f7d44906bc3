package dev.pipeline.ingress.analysis;

/** The 202 answer: the report is being written; poll {@code GET /v1/analysis/{id}}. */
record PendingReportBody(String id, String status) implements AnalysisAnswer {

	static PendingReportBody pending(String id) {
		return new PendingReportBody(id, "PENDING");
	}

}
