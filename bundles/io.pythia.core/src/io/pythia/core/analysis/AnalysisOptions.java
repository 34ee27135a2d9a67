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
 */
public record AnalysisOptions(double cvThreshold, int minTraces, RequestTypeRule requestTypeRule, int warningsKept,
		Grouping grouping) {

	public static final AnalysisOptions DEFAULTS = new AnalysisOptions(0.05, 4, RequestTypeRule.ROOT_OPERATION, 1000,
			Grouping.WORKFLOW);

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
	}

	public AnalysisOptions withCvThreshold(double cv) {
		return new AnalysisOptions(cv, minTraces, requestTypeRule, warningsKept, grouping);
	}

	public AnalysisOptions withMinTraces(int n) {
		return new AnalysisOptions(cvThreshold, n, requestTypeRule, warningsKept, grouping);
	}

	public AnalysisOptions withRequestTypeRule(RequestTypeRule rule) {
		return new AnalysisOptions(cvThreshold, minTraces, rule, warningsKept, grouping);
	}

	public AnalysisOptions withGrouping(Grouping g) {
		return new AnalysisOptions(cvThreshold, minTraces, requestTypeRule, warningsKept, g);
	}
}
