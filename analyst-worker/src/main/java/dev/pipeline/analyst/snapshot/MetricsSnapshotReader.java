package dev.pipeline.analyst.snapshot;

import java.time.Instant;

import dev.pipeline.contracts.AnalysisWindow;
import org.jspecify.annotations.Nullable;

/** Reads the snapshot of one model over the window ending at {@code end}. */
public interface MetricsSnapshotReader {

	/**
	 * @param accountId whose traffic, or {@code null} for all of it
	 * @param end the exclusive end of the window (a snapshot bucket)
	 */
	MetricsSnapshot read(String model, AnalysisWindow window, @Nullable String accountId, Instant end);

}
