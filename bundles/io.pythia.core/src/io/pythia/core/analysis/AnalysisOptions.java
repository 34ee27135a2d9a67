// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

/**
 * What makes a request group a problem group, and how request types and groups are decided.
 *
 * @param cvThreshold     a group whose coefficient of variation is above this is a problem (default 0.05)
 * @param minTraces       ... if it has at least this many traces (default 4)
 * @param requestTypeRule how a trace's request type is decided
 * @param warningsKept    how many warnings are kept verbatim (all are counted)
 * @param grouping        which requests of a request type form one group (default by workflow)
 * @param slosMillis      response-time objectives by request type (ms): a group whose median exceeds its type's is a
 *                        problem group (reason "slow") whatever its variance
 */
public record AnalysisOptions(double cvThreshold, int minTraces, RequestTypeRule requestTypeRule, int warningsKept,
		Grouping grouping, java.util.Map<String, Double> slosMillis) implements java.io.Serializable {

	public static final AnalysisOptions DEFAULTS = new AnalysisOptions(0.05, 4, RequestTypeRule.ROOT_OPERATION, 1000,
			Grouping.WORKFLOW, java.util.Map.of());

	public AnalysisOptions {
		if (!(cvThreshold >= 0) || Double.isInfinite(cvThreshold)) {
			throw new IllegalArgumentException("CV threshold must be a number >= 0, not " + cvThreshold);
		}
		if (minTraces < 1) {
			throw new IllegalArgumentException("minimum group size must be at least 1, not " + minTraces);
		}
		if (grouping == null) {
			throw new IllegalArgumentException("a grouping is needed");
		}
		slosMillis = java.util.Map.copyOf(slosMillis);
		for (var e : slosMillis.entrySet()) {
			if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
				throw new IllegalArgumentException("the objective of request type '" + e.getKey()
						+ "' must be a number of milliseconds > 0, not " + e.getValue());
			}
		}
	}

	public AnalysisOptions withCvThreshold(double cv) {
		return new AnalysisOptions(cv, minTraces, requestTypeRule, warningsKept, grouping, slosMillis);
	}

	public AnalysisOptions withMinTraces(int n) {
		return new AnalysisOptions(cvThreshold, n, requestTypeRule, warningsKept, grouping, slosMillis);
	}

	public AnalysisOptions withRequestTypeRule(RequestTypeRule rule) {
		return new AnalysisOptions(cvThreshold, minTraces, rule, warningsKept, grouping, slosMillis);
	}

	public AnalysisOptions withGrouping(Grouping g) {
		return new AnalysisOptions(cvThreshold, minTraces, requestTypeRule, warningsKept, g, slosMillis);
	}

	public AnalysisOptions withSlos(java.util.Map<String, Double> slos) {
		return new AnalysisOptions(cvThreshold, minTraces, requestTypeRule, warningsKept, grouping, slos);
	}
}
