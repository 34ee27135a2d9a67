// SPDX-License-Identifier: EPL-2.0
package io.pythia.core;

import java.util.Arrays;

/**
 * Response-time statistics of a set of requests: count, mean, variance, coefficient of variation and percentiles.
 * Pythia flags a request group as a problem when its requests, expected to perform alike, do not: a high
 * coefficient of variation (standard deviation / mean).
 *
 * @param count    number of samples
 * @param mean     arithmetic mean
 * @param variance population variance (divides by n, as the decomposition of a group's variance does)
 * @param p50      median (nearest-rank)
 * @param p90      90th percentile (nearest-rank)
 * @param p99      99th percentile (nearest-rank)
 */
public record LatencySummary(int count, double mean, double variance, double p50, double p90, double p99) {

	/**
	 * Summarizes the samples. Uses Welford's update so that large values with small spread (nanosecond timestamps
	 * differences) keep their precision.
	 *
	 * @throws IllegalArgumentException if there are no samples or one is not a finite number
	 */
	public static LatencySummary of(double... samples) {
		if (samples.length == 0) {
			throw new IllegalArgumentException("no samples to summarize");
		}
		double mean = 0;
		double m2 = 0;
		for (int i = 0; i < samples.length; i++) {
			double x = samples[i];
			if (!Double.isFinite(x)) {
				throw new IllegalArgumentException("sample " + i + " is not a finite number: " + x);
			}
			double delta = x - mean;
			mean += delta / (i + 1);
			m2 += delta * (x - mean);
		}
		double[] sorted = samples.clone();
		Arrays.sort(sorted);
		return new LatencySummary(samples.length, mean, m2 / samples.length, nearestRank(sorted, 50),
				nearestRank(sorted, 90), nearestRank(sorted, 99));
	}

	/** Standard deviation divided by the mean; 0 when the mean is 0 (no time, no variation worth reporting). */
	public double coefficientOfVariation() {
		return mean == 0 ? 0 : Math.sqrt(variance) / Math.abs(mean);
	}

	public double standardDeviation() {
		return Math.sqrt(variance);
	}

	// Nearest-rank percentile: the smallest sample such that at least p% of the samples are <= it.
	private static double nearestRank(double[] sorted, int percent) {
		int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
		return sorted[Math.max(0, rank - 1)];
	}
}
