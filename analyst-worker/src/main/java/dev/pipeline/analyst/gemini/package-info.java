/**
 * Gemini through the google-genai SDK: its own retries off, ours on (full-jitter
 * exponential backoff honouring the server's retry delay, within a time budget), every
 * call charged to a global quota in Redis.
 */
@NullMarked
package dev.pipeline.analyst.gemini;

import org.jspecify.annotations.NullMarked;
