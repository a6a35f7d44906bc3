package dev.pipeline.predictor.kalman;

import org.jspecify.annotations.Nullable;

/**
 * The scalar (1-D) Kalman filter of the Kalman API seed: a constant-level state model
 * {@code x(k) = x(k-1) + w}, measured directly {@code z(k) = x(k) + v}, with process
 * noise variance {@code Q} and measurement noise variance {@code R}. Pure and
 * thread-safe.
 *
 * @param processNoise Q, how much the true level may drift between two measurements
 * @param measurementNoise R, how noisy one measurement is
 * @param initialEstimate the state before the first measurement, or {@code null} to start
 * at the first measurement
 * @param initialError P0, the variance of the initial estimate
 */
public record KalmanFilter(double processNoise, double measurementNoise, @Nullable Double initialEstimate,
		double initialError) {

	/**
	 * Returns the filtered estimate after each measurement, one value per measurement.
	 */
	public double[] filter(double[] measurements) {
		double[] estimates = new double[measurements.length];
		if (measurements.length == 0) {
			return estimates;
		}
		double x = (this.initialEstimate != null) ? this.initialEstimate : measurements[0];
		double p = this.initialError;
		for (int k = 0; k < measurements.length; k++) {
			// Predict: the level is carried over and its uncertainty grows by Q.
			p = p + this.processNoise;
			// Update: blend prediction and measurement by the Kalman gain.
			double gain = p / (p + this.measurementNoise);
			x = x + gain * (measurements[k] - x);
			p = (1 - gain) * p;
			estimates[k] = x;
		}
		return estimates;
	}

}
