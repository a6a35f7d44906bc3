package dev.pipeline.analyst.snapshot;

import java.time.Instant;

/** An alert the aggregator raised for a closed window inside the report's window. */
public record RaisedAlert(String metric, String modelVersion, double threshold, double observed, Instant windowStart,
		Instant windowEnd) {

}
