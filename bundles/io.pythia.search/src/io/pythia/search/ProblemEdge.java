// SPDX-License-Identifier: EPL-2.0
package io.pythia.search;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.EdgeShare;
import io.pythia.core.trace.EventKind;

/**
 * A critical-path edge of a problem group that the search should look into.
 *
 * @param groupId     the request group
 * @param requestType its request type
 * @param edge        the edge and its share of the group's variance
 */
public record ProblemEdge(String groupId, String requestType, EdgeShare edge) {

	public static ProblemEdge of(AnalysisReport.Group group, EdgeShare edge) {
		return new ProblemEdge(group.group().id(), group.group().requestType(), edge);
	}

	/**
	 * The innermost calling context the edge lies in: an edge that starts at a span's entry or ends at its exit lies
	 * inside that span; one that starts at an exit or ends at an entry lies in the enclosing span.
	 */
	public String context(SearchSpace space) {
		java.util.List<String> a = contextsOf(space, edge.from(), edge.fromKind() != EventKind.EXIT);
		java.util.List<String> b = contextsOf(space, edge.to(), edge.toKind() != EventKind.ENTRY);
		for (String c : a) {
			if (b.contains(c)) {
				return c;
			}
		}
		return null;
	}

	private java.util.List<String> contextsOf(SearchSpace space, String tracepoint, boolean inside) {
		java.util.List<String> chain = space.contexts(requestType, tracepoint);
		return inside || chain.isEmpty() ? chain : chain.subList(1, chain.size());
	}

	/** Where the edge starts and ends, as mean offsets from the request's start (ns). */
	double[] window(SearchSpace space) {
		return new double[] { offset(space, edge.from(), edge.fromKind()), offset(space, edge.to(), edge.toKind()) };
	}

	private double offset(SearchSpace space, String tracepoint, EventKind kind) {
		SearchSpace.Tracepoint tp = space.tracepoint(requestType, tracepoint);
		if (tp == null) {
			return Double.NaN;
		}
		return kind == EventKind.EXIT ? tp.meanEnd() : tp.meanStart();
	}

	@Override
	public String toString() {
		return edge.label() + " in group " + groupId;
	}
}
