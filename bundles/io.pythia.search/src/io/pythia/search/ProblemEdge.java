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
	 * inside that span; one that starts at an exit or ends at an entry lies in the enclosing span. A tracepoint seen
	 * in several calling contexts (a service called from two places) is taken in the one that puts the edge deepest.
	 */
	public String context(SearchSpace space) {
		String best = null;
		int bestDepth = -1;
		for (java.util.List<String> a : contextsOf(space, edge.from(), edge.fromKind() != EventKind.EXIT)) {
			for (java.util.List<String> b : contextsOf(space, edge.to(), edge.toKind() != EventKind.ENTRY)) {
				for (String c : a) {
					if (b.contains(c)) {
						SearchSpace.Tracepoint tp = space.tracepoint(requestType, c);
						int depth = tp == null ? 0 : tp.depth();
						if (depth > bestDepth) {
							best = c;
							bestDepth = depth;
						}
						break;
					}
				}
			}
		}
		return best;
	}

	private java.util.List<java.util.List<String>> contextsOf(SearchSpace space, String tracepoint, boolean inside) {
		java.util.List<java.util.List<String>> out = new java.util.ArrayList<>();
		for (java.util.List<String> chain : space.contextChains(requestType, tracepoint)) {
			out.add(inside || chain.isEmpty() ? chain : chain.subList(1, chain.size()));
		}
		return out;
	}

	/** Where the edge starts and ends, as mean offsets from the request's start (ns), inside its context. */
	double[] window(SearchSpace space) {
		String context = context(space);
		return new double[] { offset(space, edge.from(), edge.fromKind(), context),
				offset(space, edge.to(), edge.toKind(), context) };
	}

	private double offset(SearchSpace space, String tracepoint, EventKind kind, String context) {
		double[] o = space.offsets(requestType, tracepoint, context);
		return kind == EventKind.EXIT ? o[1] : o[0];
	}

	@Override
	public String toString() {
		return edge.label() + " in group " + groupId;
	}
}
