// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.pythia.core.trace.Trace;

/**
 * Writes a trace's workflow graph as Graphviz DOT: one node per event (tracepoint, event kind, service), one arrow
 * per happens-before edge; the critical path is drawn bold and red, and its edges are labelled with their share of
 * the group's variance when shares are given.
 */
public final class WorkflowGraphDot {

	private WorkflowGraphDot() {
	}

	/**
	 * @param group the group whose representative trace is drawn, with its edge shares
	 */
	public static void write(AnalysisReport.Group group, Appendable out) throws IOException {
		Trace trace = group.group().representative();
		CriticalPath path = CriticalPath.of(trace);
		Map<Long, Double> shareOfEdge = new HashMap<>();
		for (EdgeShare e : group.edges()) {
			if (e.position() >= 0 && e.position() < path.edgeCount()) {
				shareOfEdge.put(key(path.event(e.position()), path.event(e.position() + 1)), e.share());
			}
		}
		String title = "group " + group.group().id() + " (" + group.group().requestType() + ", "
				+ group.group().count() + " traces), trace " + trace.id();
		out.append("digraph workflow {\n");
		out.append("  label=").append(quote(title)).append(";\n  labelloc=t;\n  rankdir=LR;\n");
		out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
		boolean[] onPath = new boolean[trace.size()];
		for (int e : path.events()) {
			onPath[e] = true;
		}
		for (int e = 0; e < trace.size(); e++) {
			String service = trace.attributes(e).service();
			String label = trace.tracepoint(e) + "\n" + trace.kind(e).label()
					+ (service.isEmpty() ? "" : " (" + service + ")");
			out.append("  e").append(Integer.toString(e)).append(" [label=").append(quote(label));
			if (onPath[e]) {
				out.append(", color=red, penwidth=2");
			}
			out.append("];\n");
		}
		for (int e = 0; e < trace.size(); e++) {
			for (int i = 0; i < trace.predecessorCount(e); i++) {
				int p = trace.predecessor(e, i);
				out.append("  e").append(Integer.toString(p)).append(" -> e").append(Integer.toString(e));
				Double share = shareOfEdge.get(key(p, e));
				double ms = (trace.time(e) - trace.time(p)) / 1e6;
				if (share != null) {
					out.append(" [color=red, penwidth=2, label=").append(quote(String.format("%.3f ms, %.1f%% of variance", ms, share * 100))).append(']');
				} else {
					out.append(" [label=").append(quote(String.format("%.3f ms", ms))).append(']');
				}
				out.append(";\n");
			}
		}
		out.append("}\n");
	}

	private static long key(int from, int to) {
		return ((long) from << 32) | (to & 0xffffffffL);
	}

	private static String quote(String s) {
		return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
	}
}
