package dev.pipeline.predictor.sentiment;

/**
 * L2-regularised binary logistic regression, fitted exactly by Newton's method.
 * <p>
 * The objective is scikit-learn's: {@code 0.5 |w|^2 + C * sum(log-loss)}, intercept not
 * penalised. It is convex, so Newton's method reaches the same optimum as scikit-learn's
 * LBFGS, in a handful of iterations and deterministically (no random init, no shuffling,
 * no learning rate). With 384 features the Hessian is 385x385 and a Cholesky solve per
 * step is cheap. A step that does not lower the objective is halved, so it cannot
 * diverge.
 */
public final class LogisticRegression {

	private static final int MAX_ITERATIONS = 100;

	private static final double GRADIENT_TOLERANCE = 1e-9;

	private LogisticRegression() {
	}

	/**
	 * @param features one row per example
	 * @param labels 0 or 1 per example
	 * @param c inverse regularisation strength
	 * @return weights followed by the intercept (length {@code dims + 1})
	 */
	public static double[] fit(float[][] features, int[] labels, double c) {
		int dims = features[0].length;
		int n = dims + 1;
		double[] theta = new double[n];
		double objective = objective(features, labels, c, theta);
		for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
			double[] gradient = new double[n];
			double[][] hessian = new double[n][n];
			for (int d = 0; d < dims; d++) {
				gradient[d] = theta[d];
				hessian[d][d] = 1;
			}
			for (int i = 0; i < features.length; i++) {
				double p = probability(features[i], theta);
				double residual = c * (p - labels[i]);
				double curvature = c * p * (1 - p);
				for (int a = 0; a < n; a++) {
					double xa = feature(features[i], a);
					gradient[a] += residual * xa;
					double scaled = curvature * xa;
					for (int b = 0; b <= a; b++) {
						hessian[a][b] += scaled * feature(features[i], b);
					}
				}
			}
			if (norm(gradient) < GRADIENT_TOLERANCE) {
				break;
			}
			double[] step = choleskySolve(hessian, gradient);
			double scale = 1;
			double[] candidate = new double[n];
			double candidateObjective;
			do {
				for (int a = 0; a < n; a++) {
					candidate[a] = theta[a] - scale * step[a];
				}
				candidateObjective = objective(features, labels, c, candidate);
				scale /= 2;
			}
			while (candidateObjective > objective && scale > 1e-10);
			if (candidateObjective > objective) {
				break;
			}
			theta = candidate.clone();
			boolean converged = objective - candidateObjective < 1e-12 * Math.max(1, Math.abs(objective));
			objective = candidateObjective;
			if (converged) {
				break;
			}
		}
		return theta;
	}

	public static double probability(float[] x, double[] theta) {
		double z = theta[theta.length - 1];
		for (int d = 0; d < x.length; d++) {
			z += theta[d] * x[d];
		}
		return (z >= 0) ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
	}

	/** Share of examples whose predicted class (p >= 0.5 means 1) matches the label. */
	public static double accuracy(float[][] features, int[] labels, double[] theta) {
		int correct = 0;
		for (int i = 0; i < features.length; i++) {
			int predicted = (probability(features[i], theta) >= 0.5) ? 1 : 0;
			if (predicted == labels[i]) {
				correct++;
			}
		}
		return (double) correct / features.length;
	}

	static double objective(float[][] features, int[] labels, double c, double[] theta) {
		double penalty = 0;
		for (int d = 0; d < theta.length - 1; d++) {
			penalty += theta[d] * theta[d];
		}
		double loss = 0;
		for (int i = 0; i < features.length; i++) {
			double z = theta[theta.length - 1];
			for (int d = 0; d < features[i].length; d++) {
				z += theta[d] * features[i][d];
			}
			// log(1 + e^z) - y z, computed without overflow
			double softplus = (z > 0) ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
			loss += softplus - labels[i] * z;
		}
		return 0.5 * penalty + c * loss;
	}

	private static double feature(float[] x, int index) {
		return (index < x.length) ? x[index] : 1;
	}

	private static double norm(double[] vector) {
		double sum = 0;
		for (double v : vector) {
			sum += v * v;
		}
		return Math.sqrt(sum);
	}

	/**
	 * Solves {@code A x = b} for symmetric positive definite A given by its lower
	 * triangle.
	 */
	static double[] choleskySolve(double[][] a, double[] b) {
		int n = b.length;
		double[][] l = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j <= i; j++) {
				double sum = a[i][j];
				for (int k = 0; k < j; k++) {
					sum -= l[i][k] * l[j][k];
				}
				if (i == j) {
					if (sum <= 0) {
						throw new IllegalStateException("Hessian is not positive definite");
					}
					l[i][i] = Math.sqrt(sum);
				}
				else {
					l[i][j] = sum / l[j][j];
				}
			}
		}
		double[] y = new double[n];
		for (int i = 0; i < n; i++) {
			double sum = b[i];
			for (int k = 0; k < i; k++) {
				sum -= l[i][k] * y[k];
			}
			y[i] = sum / l[i][i];
		}
		double[] x = new double[n];
		for (int i = n - 1; i >= 0; i--) {
			double sum = y[i];
			for (int k = i + 1; k < n; k++) {
				sum -= l[k][i] * x[k];
			}
			x[i] = sum / l[i][i];
		}
		return x;
	}

}
