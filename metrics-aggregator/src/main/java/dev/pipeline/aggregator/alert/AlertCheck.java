package dev.pipeline.aggregator.alert;

import dev.pipeline.aggregator.system.Read;
import dev.pipeline.aggregator.system.RowCheck;
import dev.pipeline.contracts.Alert;
import org.jspecify.annotations.Nullable;

/**
 * Which records of {@code metrics.alerts} the alert writer can store: the topology writes
 * only complete alerts, but anyone with access can write to the topic, so each record is
 * checked against the columns of {@code metrics_alerts} before the database sees it.
 */
final class AlertCheck {

	private AlertCheck() {
	}

	static Read<Alert> read(byte @Nullable [] bytes) {
		return Read.json(bytes, Alert.class, AlertCheck::problem);
	}

	static @Nullable String problem(Alert alert) {
		return new RowCheck().required("id", alert.id())
			.text("id", alert.id(), 64)
			.required("model", alert.model())
			.text("model", alert.model(), 128)
			.text("modelVersion", alert.modelVersion(), 64)
			.required("metric", alert.metric())
			.text("metric", alert.metric(), 32)
			.required("windowStart", alert.windowStart())
			.instant("windowStart", alert.windowStart())
			.required("windowEnd", alert.windowEnd())
			.instant("windowEnd", alert.windowEnd())
			.required("raisedAt", alert.raisedAt())
			.instant("raisedAt", alert.raisedAt())
			.reason();
	}

}
