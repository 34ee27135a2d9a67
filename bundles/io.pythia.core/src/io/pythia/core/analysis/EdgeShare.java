// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import io.pythia.core.trace.EventKind;

/**
 * A critical-path edge of a request group and its part in the group's response-time variance.
 *
 * @param slot           index of the edge in its group's statistics ({@link RequestGroup})
 * @param position       index of the edge along the representative trace's critical path (0 = first), or -1 when
 *                       that path does not take it (a workflow group whose traces' paths differ)
 * @param from           tracepoint the edge starts at
 * @param fromKind       event kind there
 * @param to             tracepoint the edge ends at
 * @param toKind         event kind there
 * @param share          Cov(edge, response time) / Var(response time): own variance plus covariances
 * @param shareLow       lower end of the share's 95% confidence interval (see {@link RequestGroup#edgeShares()});
 *                       -Infinity when the group has too few traces to say
 * @param shareHigh      upper end; +Infinity when too few traces
 * @param varianceShare  the edge's own variance over the group's (the covariance part is share - varianceShare)
 * @param meanNanos      mean duration of the edge (its mean contribution, 0 counted where the path skips it)
 * @param varianceNanos2 variance of the edge's duration (ns²)
 */
public record EdgeShare(int slot, int position, String from, EventKind fromKind, String to, EventKind toKind,
		double share, double shareLow, double shareHigh, double varianceShare, double meanNanos, double varianceNanos2) {

	/** An edge whose slot is its position, with an exactly known share (for tests and hand-made edges). */
	public EdgeShare(int position, String from, EventKind fromKind, String to, EventKind toKind, double share,
			double varianceShare, double meanNanos, double varianceNanos2) {
		this(position, position, from, fromKind, to, toKind, share, share, share, varianceShare, meanNanos,
				varianceNanos2);
	}

	/** e.g. "nova:build start -> nova:spawn end". */
	public String label() {
		return from + " " + fromKind.label() + " -> " + to + " " + toKind.label();
	}
}
