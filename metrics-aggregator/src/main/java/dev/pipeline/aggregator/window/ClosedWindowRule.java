package dev.pipeline.aggregator.window;

import java.util.List;

import dev.pipeline.contracts.Alert;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * What the topology asks of every window once it has ended (and again if late results
 * change it, see {@link WindowAlerts}): the alerts it raises, keyed by model (the key of
 * {@code metrics.alerts}). The alert package implements it, so the topology depends on
 * this contract and not on the thresholds behind it.
 */
@FunctionalInterface
public interface ClosedWindowRule {

	List<KeyValue<String, Alert>> check(Windowed<MetricsKey> window, WindowAggregate aggregate);

}
