/**
 * The Kafka contract of the pipeline (API.md, "Kafka topics"): message records, topic
 * names and the JSON serialisation every service and every direct producer shares.
 */
@NullMarked
package dev.pipeline.contracts;

import org.jspecify.annotations.NullMarked;
