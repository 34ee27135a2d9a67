// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import io.pythia.core.trace.EventKind;

/**
 * A critical-path edge of a request group and its part in the group's response-time variance.
 *
 * @param position       index of the edge along the path (0 = first)
 * @param from           tracepoint the edge starts at
 * @param fromKind       event kind there
 * @param to             tracepoint the edge ends at
 * @param toKind         event kind there
 * @param share          Cov(edge, response time) / Var(response time): own variance plus covariances
 * @param varianceShare  the edge's own variance over the group's (the covariance part is share - varianceShare)
 * @param meanNanos      mean duration of the edge
 * @param varianceNanos2 variance of the edge's duration (ns²)
 */
public record EdgeShare(int position, String from, EventKind fromKind, String to, EventKind toKind, double share,
		double varianceShare, double meanNanos, double varianceNanos2) {

	/** e.g. "nova:build start -> nova:spawn end". */
	public String label() {
		return from + " " + fromKind.label() + " -> " + to + " " + toKind.label();
	}
}
