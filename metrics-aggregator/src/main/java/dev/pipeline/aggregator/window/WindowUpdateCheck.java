package dev.pipeline.aggregator.window;

import dev.pipeline.aggregator.result.ResultCheck;
import dev.pipeline.aggregator.system.Read;
import dev.pipeline.aggregator.system.RowCheck;
import dev.pipeline.metrics.LatencyHistogram;
import org.jspecify.annotations.Nullable;

/**
 * Which records of the window-update topic the writer can store. The topology only writes
 * storable updates, but the topic is open to any producer with access (a worker can even
 * be told to reply there), so each record is checked against the columns of
 * {@code metrics_windows} before the database sees it.
 */
final class WindowUpdateCheck {

	private WindowUpdateCheck() {
	}

	static Read<WindowUpdate> read(byte @Nullable [] bytes) {
		return Read.json(bytes, WindowUpdate.class, WindowUpdateCheck::problem);
	}

	static @Nullable String problem(WindowUpdate update) {
		RowCheck check = new RowCheck().required("key", update.key())
			.required("windowStart", update.windowStart())
			.instant("windowStart", update.windowStart())
			.required("windowEnd", update.windowEnd())
			.instant("windowEnd", update.windowEnd())
			.required("aggregate", update.aggregate());
		MetricsKey key = update.key();
		if (key != null) {
			check.required("key.scope", key.scope())
				.required("key.accountId", key.accountId())
				.text("key.accountId", key.accountId(), 64)
				.required("key.model", key.model())
				.text("key.model", key.model(), 128)
				.required("key.modelVersion", key.modelVersion())
				.text("key.modelVersion", key.modelVersion(), 64);
		}
		WindowAggregate aggregate = update.aggregate();
		if (aggregate != null) {
			aggregate.labelCounts().forEach((label, count) -> {
				check.text("aggregate.labelCounts", label, ResultCheck.MAX_LABEL_LENGTH);
				// A null or negative count would be stored and break every reader's
				// merge.
				if (count == null || count < 0) {
					check.problem("\"aggregate.labelCounts\" must hold counts of zero or more");
				}
			});
			if (!LatencyHistogram.hasOurShape(aggregate.latencyHistogram())) {
				check.problem("\"aggregate.latencyHistogram\" is not a latency histogram of this aggregator");
			}
		}
		return check.reason();
	}

}
