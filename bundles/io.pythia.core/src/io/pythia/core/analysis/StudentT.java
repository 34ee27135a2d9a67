// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

/**
 * Student's t distribution, for the tests of attributes against response time: the two-sided p-value from the
 * regularized incomplete beta function, P(|T| >= t) = I_{df/(df+t^2)}(df/2, 1/2), evaluated by its continued
 * fraction (modified Lentz) with a Lanczos log-gamma. Exact to about 1e-10, for any degrees of freedom, where a
 * quantile table or a Cornish-Fisher expansion is coarse at the few degrees of freedom small groups have.
 */
final class StudentT {

	private StudentT() {
	}

	/** P(|T| >= |t|) for {@code df} > 0 degrees of freedom (fractional, as Welch's test gives, allowed). */
	static double twoSidedP(double t, double df) {
		if (Double.isNaN(t) || !(df > 0)) {
			return Double.NaN;
		}
		if (Double.isInfinite(t)) {
			return 0;
		}
		double x = df / (df + t * t);
		return regularizedBeta(x, df / 2, 0.5);
	}

	/** I_x(a, b). */
	static double regularizedBeta(double x, double a, double b) {
		if (x <= 0) {
			return 0;
		}
		if (x >= 1) {
			return 1;
		}
		double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
		// the continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a)
		if (x < (a + 1) / (a + b + 2)) {
			return front * betaFraction(x, a, b) / a;
		}
		return 1 - front * betaFraction(1 - x, b, a) / b;
	}

	private static double betaFraction(double x, double a, double b) {
		final double tiny = 1e-300;
		double c = 1;
		double d = 1 - (a + b) * x / (a + 1);
		d = Math.abs(d) < tiny ? tiny : d;
		d = 1 / d;
		double f = d;
		for (int m = 1; m <= 500; m++) {
			int m2 = 2 * m;
			double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
			d = 1 + aa * d;
			d = Math.abs(d) < tiny ? tiny : d;
			c = 1 + aa / c;
			c = Math.abs(c) < tiny ? tiny : c;
			d = 1 / d;
			f *= d * c;
			aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
			d = 1 + aa * d;
			d = Math.abs(d) < tiny ? tiny : d;
			c = 1 + aa / c;
			c = Math.abs(c) < tiny ? tiny : c;
			d = 1 / d;
			double step = d * c;
			f *= step;
			if (Math.abs(step - 1) < 1e-14) {
				break;
			}
		}
		return f;
	}

	private static final double[] LANCZOS = { 676.5203681218851, -1259.1392167224028, 771.32342877765313,
			-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
			1.5056327351493116e-7 };

	/** ln Gamma(x) for x > 0 (Lanczos, g = 7). */
	static double logGamma(double x) {
		if (x < 0.5) { // reflection
			return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		}
		x -= 1;
		double s = 0.99999999999980993;
		for (int i = 0; i < LANCZOS.length; i++) {
			s += LANCZOS[i] / (x + i + 1);
		}
		double t = x + LANCZOS.length - 0.5;
		return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
	}
}
