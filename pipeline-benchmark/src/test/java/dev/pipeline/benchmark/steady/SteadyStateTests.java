package dev.pipeline.benchmark.steady;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a curve has settled: the first window of the stretch that stays within the
 * tolerance of the last third's median, and never a time for a curve still drifting.
 */
class SteadyStateTests {

	@Test
	void shouldNameTheFirstWindowOfTheSettledStretch() {
		// 60, 40, 30, 22 ms, then around 12 for the rest of 30 windows.
		List<SteadyState.Window> curve = curve(60, 40, 30, 22, 13, 12, 11.5, 12.5, 12, 12, 11, 12, 13, 12, 12, 12.2,
				11.8, 12, 12, 12, 12.4, 11.9, 12, 12, 12, 12.1, 12, 11.7, 12, 12);

		assertThat(SteadyState.settledP50(curve)).isEqualTo(12.0);
		assertThat(SteadyState.steadyAfter(curve, 0.2)).hasValue(40.0);
	}

	@Test
	void shouldCountAStackSteadyFromItsFirstWindowWhenItNeverMoved() {
		assertThat(SteadyState.steadyAfter(curve(10, 11, 10, 9.5, 10, 10.5), 0.2)).hasValue(0.0);
	}

	@Test
	void shouldNotNameATimeForACurveStillFalling() {
		// Every window 10 % below the one before: the last third is no plateau.
		List<Double> falling = new ArrayList<>();
		double p50 = 100;
		for (int i = 0; i < 30; i++) {
			falling.add(p50);
			p50 *= 0.9;
		}
		assertThat(SteadyState.steadyAfter(curve(falling.stream().mapToDouble(Double::doubleValue).toArray()), 0.2))
			.isEmpty();
	}

	@Test
	void shouldRestartTheStretchAfterALateExcursion() {
		// Settled at 12, but window 7 (70 s) jumped to 30: settled only after it.
		List<SteadyState.Window> curve = curve(40, 12, 12, 12, 12, 12, 12, 30, 12, 12, 12, 12, 12, 12, 12);
		assertThat(SteadyState.steadyAfter(curve, 0.2)).hasValue(80.0);
	}

	@Test
	void shouldNotNameATimeWhenAWindowHadNoAnswer() {
		List<SteadyState.Window> curve = new ArrayList<>(curve(12, 12, 12));
		curve.add(new SteadyState.Window(30, 0, 0, 0, 5, Map.of()));
		assertThat(SteadyState.steadyAfter(curve, 0.2)).isEmpty();
		assertThat(SteadyState.report(curve, 0.2)).containsEntry("steadyAfterSeconds", "not within the run");
	}

	@Test
	void shouldReportCpuPerPredictionOfEachWindow() {
		SteadyState.Window window = new SteadyState.Window(0, 50, 12, 20, 0, Map.of("ingress-api", 0.25));
		assertThat(window.figures()).containsEntry("cpuMsPerPrediction", Map.of("ingress-api", 5.0));
	}

	private static List<SteadyState.Window> curve(double... p50s) {
		List<SteadyState.Window> windows = new ArrayList<>();
		for (int i = 0; i < p50s.length; i++) {
			windows.add(new SteadyState.Window(i * 10.0, 1000 / p50s[i], p50s[i], p50s[i] * 2, 0, Map.of()));
		}
		return windows;
	}

}
