/**
 * The analyst's Kafka side: takes {@code AnalysisRequest}s from {@code analysis.requests}
 * and answers with {@code AnalysisReport}s on {@code analysis.reports} and on the
 * requester's reply topic.
 */
@NullMarked
package dev.pipeline.analyst.messaging;

import org.jspecify.annotations.NullMarked;
