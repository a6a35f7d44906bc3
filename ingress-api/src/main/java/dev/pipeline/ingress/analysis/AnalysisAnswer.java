package dev.pipeline.ingress.analysis;

/**
 * What the analysis routes answer: the report (200) or, while it is being written, where
 * to poll for it (202).
 */
sealed interface AnalysisAnswer permits PerformanceReportBody, PendingReportBody {

}
