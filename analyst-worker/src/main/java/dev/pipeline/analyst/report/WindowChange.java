package dev.pipeline.analyst.report;

import java.util.Set;
import java.util.TreeSet;

import dev.pipeline.analyst.snapshot.WindowStats;
import org.jspecify.annotations.Nullable;

/**
 * What changed between the previous window and this one, by the rules that both the
 * anomalies (which name a change) and the recommendations (which act on it) apply, so the
 * two never disagree about what counts as a change.
 *
 * @param now this window
 * @param before the window before it, of the same length
 */
record WindowChange(WindowStats now, WindowStats before) {

	/** Relative change of p95 latency or traffic worth calling a trend. */
	static final double NOTABLE_CHANGE = 0.5;

	static final double CONFIDENCE_DROP = 0.05;

	/** Shift of one label's share, in percentage points, worth calling a drift. */
	static final double LABEL_SHIFT_POINTS = 15;

	/** The relative rise of p95 latency when it is notable, else {@code null}. */
	@Nullable Double notableLatencyRise() {
		if (this.now.p95LatencyMs() == null || this.before.p95LatencyMs() == null || this.before.p95LatencyMs() <= 0) {
			return null;
		}
		double rise = (this.now.p95LatencyMs() - this.before.p95LatencyMs()) / this.before.p95LatencyMs();
		return (rise >= NOTABLE_CHANGE) ? rise : null;
	}

	boolean confidenceFell() {
		return this.now.meanConfidence() != null && this.before.meanConfidence() != null
				&& this.before.meanConfidence() - this.now.meanConfidence() >= CONFIDENCE_DROP;
	}

	/**
	 * The label whose share moved most, when it moved by at least
	 * {@link #LABEL_SHIFT_POINTS}.
	 */
	@Nullable LabelShift largestLabelShift() {
		if (this.now.labelCounts().isEmpty() || this.before.labelCounts().isEmpty()) {
			return null;
		}
		Set<String> labels = new TreeSet<>(this.now.labelCounts().keySet());
		labels.addAll(this.before.labelCounts().keySet());
		String largest = null;
		double largestShift = 0;
		for (String label : labels) {
			Double nowShare = ReportNumbers.share(this.now.labelCounts(), label);
			Double beforeShare = ReportNumbers.share(this.before.labelCounts(), label);
			double shift = (((nowShare == null) ? 0 : nowShare) - ((beforeShare == null) ? 0 : beforeShare)) * 100;
			if (Math.abs(shift) > Math.abs(largestShift)) {
				largest = label;
				largestShift = shift;
			}
		}
		if (largest == null || Math.abs(largestShift) < LABEL_SHIFT_POINTS) {
			return null;
		}
		return new LabelShift(largest, largestShift);
	}

	/**
	 * @param label the label whose share moved most
	 * @param points by how many percentage points, signed
	 */
	record LabelShift(String label, double points) {
	}

}
