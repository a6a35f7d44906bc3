/**
 * Analysis reports in Redis as every service sees them (docs/analysis.md): the key of a
 * cached report and of a report kept by request id, their JSON, and the record of who
 * asked for a report id. The analyst writes reports and the ingress reads them through
 * the same {@link dev.pipeline.reports.AnalysisReportStore}, so the two cannot drift
 * apart.
 */
@NullMarked
package dev.pipeline.reports;

import org.jspecify.annotations.NullMarked;
