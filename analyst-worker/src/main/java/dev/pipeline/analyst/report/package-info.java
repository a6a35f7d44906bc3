/**
 * Performance reports: cache-first with stampede protection across instances, Gemini when
 * it can, the rule-based report when it cannot.
 */
@NullMarked
package dev.pipeline.analyst.report;

import org.jspecify.annotations.NullMarked;
