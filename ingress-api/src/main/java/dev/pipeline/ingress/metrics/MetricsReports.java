package dev.pipeline.ingress.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.pipeline.metrics.MergedWindows;
import dev.pipeline.metrics.WindowRow;
import dev.pipeline.ingress.system.QueryParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Builds the metrics API's answers from the aggregator's windows: a window belongs to the
 * bucket that contains its start, and a bucket merges all its windows (all versions, and
 * all models when no model is named) with the shared {@link MergedWindows}.
 */
@Service
class MetricsReports {

	/** Below a second a step only makes empty points: the aggregates are per minute. */
	private static final Duration MIN_STEP = Duration.ofSeconds(1);

	private final MetricsWindowQueries windows;

	private final MetricsApiProperties settings;

	private final Clock clock;

	MetricsReports(MetricsWindowQueries windows, MetricsApiProperties settings) {
		this.windows = windows;
		this.settings = settings;
		this.clock = Clock.systemUTC();
	}

	TimeSeries series(MetricsScope scope, @Nullable String model, @Nullable Instant from, @Nullable Instant to,
			@Nullable Duration step) {
		Instant end = (to != null) ? to : this.clock.instant();
		Instant start = (from != null) ? from : end.minus(this.settings.defaultRange());
		Duration bucket = (step != null) ? step : this.settings.defaultStep();
		if (bucket.compareTo(MIN_STEP) < 0 || bucket.compareTo(this.settings.maxRange()) > 0) {
			throw QueryParameters.invalidParameter("step",
					"The step must be between one second and " + this.settings.maxRange() + ".");
		}
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
			throw QueryParameters.invalidParameter("step", "That range and step give " + points + " points; at most "
					+ this.settings.maxPoints() + " are allowed. Use a larger step.");
		}
		requireFewEnoughWindows(scope, model, start, end);
		Buckets buckets = new Buckets(model, start, end, bucket, (int) points);
		this.windows.forEach(scope, model, start, end, buckets::add);
		return new TimeSeries(model, scope.isAccount() ? "account" : "all", start, end, bucket.toString(),
				buckets.views());
	}

	MetricsView summary(MetricsScope scope, @Nullable String model, @Nullable Duration window) {
		Duration span = (window != null) ? window : this.settings.defaultRange();
		if (span.compareTo(this.settings.maxRange()) > 0) {
			throw QueryParameters.invalidParameter("window",
					"The window may span at most " + this.settings.maxRange() + ".");
		}
		Instant end = this.clock.instant();
		Instant start = end.minus(span);
		requireFewEnoughWindows(scope, model, start, end);
		MergedWindows merged = new MergedWindows();
		this.windows.forEach(scope, model, start, end, merged::add);
		return MetricsView.of(merged, model, start, end);
	}

	/**
	 * Each window costs a histogram decode and merge: the number of them bounds a query's
	 * work.
	 */
	private void requireFewEnoughWindows(MetricsScope scope, @Nullable String model, Instant start, Instant end) {
		long windows = this.windows.countWindows(scope, model, start, end);
		if (windows > this.settings.maxWindows()) {
			throw QueryParameters.invalidParameter((model == null) ? "model" : "from",
					"The query covers " + windows + " aggregation windows; at most " + this.settings.maxWindows()
							+ " are allowed. Name a model or ask for a shorter range.");
		}
	}

	long count(MetricsScope scope, @Nullable String model) {
		return this.windows.count(scope, model);
	}

	/**
	 * The points of a series, built as the windows stream in (oldest first): a bucket is
	 * turned into its view as soon as a window of a later bucket arrives, so one merged
	 * histogram is alive at a time, however many points the series has.
	 */
	private static final class Buckets {

		private final @Nullable String model;

		private final Instant start;

		private final Instant end;

		private final Duration step;

		private final int points;

		private final List<MetricsView> views;

		private MergedWindows current = new MergedWindows();

		Buckets(@Nullable String model, Instant start, Instant end, Duration step, int points) {
			this.model = model;
			this.start = start;
			this.end = end;
			this.step = step;
			this.points = points;
			this.views = new ArrayList<>(points);
		}

		void add(WindowRow row) {
			int index = (int) (Duration.between(this.start, row.windowStart()).toMillis() / this.step.toMillis());
			while (this.views.size() < index) {
				closeCurrent();
			}
			this.current.add(row);
		}

		List<MetricsView> views() {
			while (this.views.size() < this.points) {
				closeCurrent();
			}
			return this.views;
		}

		private void closeCurrent() {
			Instant from = this.start.plus(this.step.multipliedBy(this.views.size()));
			Instant to = from.plus(this.step).isAfter(this.end) ? this.end : from.plus(this.step);
			this.views.add(MetricsView.of(this.current, this.model, from, to));
			this.current = new MergedWindows();
		}

	}

	/**
	 * @param scope {@code all} (every result) or {@code account} (the caller's own
	 * traffic)
	 * @param step the bucket size, ISO-8601
	 */
	record TimeSeries(@Nullable String model, String scope, Instant from, Instant to, String step,
			List<MetricsView> points) {
	}

}
