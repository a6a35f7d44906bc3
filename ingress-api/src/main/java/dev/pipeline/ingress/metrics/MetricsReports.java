package dev.pipeline.ingress.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Builds the metrics API's answers from the aggregator's windows: a window belongs to the
 * bucket that contains its start, and a bucket merges all its windows (all versions, and all
 * models when no model is named).
 */
@Service
class MetricsReports {

	private final MetricsWindowQueries windows;

	private final MetricsApiSettings settings;

	private final Clock clock;

	MetricsReports(MetricsWindowQueries windows, MetricsApiSettings settings) {
		this.windows = windows;
		this.settings = settings;
		this.clock = Clock.systemUTC();
	}

	TimeSeries series(MetricsScope scope, @Nullable String model, @Nullable Instant from, @Nullable Instant to,
			@Nullable Duration step) {
		Instant end = (to != null) ? to : this.clock.instant();
		Instant start = (from != null) ? from : end.minus(this.settings.defaultRange());
		Duration bucket = (step != null) ? step : this.settings.defaultStep();
		if (!start.isBefore(end)) {
			throw QueryParameters.invalidParameter("from", "from must be before to.");
		}
		Duration range = Duration.between(start, end);
		if (range.compareTo(this.settings.maxRange()) > 0) {
			throw QueryParameters.invalidParameter("from",
					"The range may span at most " + this.settings.maxRange() + "; ask for a shorter one.");
		}
		long points = (range.toMillis() + bucket.toMillis() - 1) / bucket.toMillis();
		if (points > this.settings.maxPoints()) {
			throw QueryParameters.invalidParameter("step", "That range and step give " + points
					+ " points; at most " + this.settings.maxPoints() + " are allowed. Use a larger step.");
		}
		List<MergedMetrics> buckets = new ArrayList<>((int) points);
		for (int i = 0; i < points; i++) {
			buckets.add(new MergedMetrics());
		}
		for (WindowRow row : this.windows.find(scope, model, start, end)) {
			int index = (int) (Duration.between(start, row.windowStart()).toMillis() / bucket.toMillis());
			buckets.get(index).add(row);
		}
		List<MetricsView> views = new ArrayList<>(buckets.size());
		for (int i = 0; i < buckets.size(); i++) {
			Instant bucketStart = start.plus(bucket.multipliedBy(i));
			Instant bucketEnd = bucketStart.plus(bucket).isAfter(end) ? end : bucketStart.plus(bucket);
			views.add(buckets.get(i).view(model, bucketStart, bucketEnd));
		}
		return new TimeSeries(model, scope.isAccount() ? "account" : "all", start, end, bucket.toString(), views);
	}

	MetricsView summary(MetricsScope scope, @Nullable String model, @Nullable Duration window) {
		Duration span = (window != null) ? window : this.settings.defaultRange();
		if (span.compareTo(this.settings.maxRange()) > 0) {
			throw QueryParameters.invalidParameter("window",
					"The window may span at most " + this.settings.maxRange() + ".");
		}
		Instant end = this.clock.instant();
		Instant start = end.minus(span);
		MergedMetrics merged = new MergedMetrics();
		this.windows.find(scope, model, start, end).forEach(merged::add);
		return merged.view(model, start, end);
	}

	long count(MetricsScope scope, @Nullable String model) {
		return this.windows.count(scope, model);
	}

	/**
	 * @param scope {@code all} (every result) or {@code account} (the caller's own traffic)
	 * @param step the bucket size, ISO-8601
	 */
	record TimeSeries(@Nullable String model, String scope, Instant from, Instant to, String step,
			List<MetricsView> points) {
	}

}
