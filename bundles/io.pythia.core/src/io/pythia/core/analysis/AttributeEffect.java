// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

/**
 * A span attribute that goes with the response time in a request group, found by {@link AttributeStatistics}.
 *
 * @param key               the tag key, or "host" for the host a span ran on
 * @param value             for {@link Kind#VALUE}, the value whose traces are slower; null for {@link Kind#NUMERIC}
 * @param kind              how it was tested
 * @param traces            traces with that value (or with the key, when numeric)
 * @param meanNanos         their mean response time
 * @param othersMeanNanos   the mean response time of the group's other traces (NaN if none)
 * @param correlation       numeric: Pearson's r of the trace's value (its largest) with the response time; NaN
 *                          otherwise
 * @param varianceExplained the part of the group's response-time variance the split by value (or the linear fit)
 *                          explains, 0 to 1: the between-groups sum of squares, or r^2 of the traces with the key,
 *                          over the group's total sum of squares
 * @param p                 the test's two-sided p-value (Welch's t for a value, the t of r for a number)
 */
public record AttributeEffect(String key, String value, Kind kind, int traces, double meanNanos,
		double othersMeanNanos, double correlation, double varianceExplained, double p) {

	/** How an attribute was tested. */
	public enum Kind {
		/** Traces carrying one value against the others (categorical keys and numbers of few values). */
		VALUE("value"),
		/** The key's numeric value against the response time (numbers of many values). */
		NUMERIC("numeric");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}
	}

	/** "key=value", or the key with its correlation. */
	public String describe() {
		return kind == Kind.VALUE ? key + "=" + value
				: key + " (r = " + String.format(java.util.Locale.ROOT, "%.2f", correlation) + ")";
	}
}
