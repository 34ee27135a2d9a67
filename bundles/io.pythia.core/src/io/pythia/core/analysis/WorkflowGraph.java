// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Trace;

/**
 * What a workflow-graph view draws for one trace: its events as nodes and happens-before edges, the critical path
 * marked, critical-path edges carrying their group's variance share. Spans can be collapsed: the events inside a
 * collapsed span are hidden and the edges through them are rewired to the nearest visible events, so a large trace
 * can be read level by level. Plain data, computed off the UI thread; the view only lays it out and paints it.
 */
public final class WorkflowGraph {

	/** One visible event. {@code collapsed} marks a span entry whose inner events are hidden. */
	public record Node(int event, String tracepoint, EventKind kind, String service, boolean onCriticalPath,
			boolean collapsed, int hiddenEvents) {

		public String label() {
			return tracepoint + " " + kind.label();
		}
	}

	/**
	 * A happens-before edge between two visible nodes (indices into {@link #nodes()}).
	 *
	 * @param pathPosition the position on the critical path of the edge's first step, or -1 when off the path
	 * @param pathSteps    how many critical-path edges it stands for (more than 1 across a collapsed span)
	 * @param share        the edge's share of its group's variance (summed over its steps), NaN when unknown or
	 *                     off the path
	 */
	public record Edge(int from, int to, long durationNanos, int pathPosition, int pathSteps, double share) {

		public boolean onCriticalPath() {
			return pathPosition >= 0;
		}
	}

	private final Trace trace;
	private final List<Node> nodes;
	private final List<Edge> edges;

	private WorkflowGraph(Trace trace, List<Node> nodes, List<Edge> edges) {
		this.trace = trace;
		this.nodes = nodes;
		this.edges = edges;
	}

	/** The whole graph, without variance shares. */
	public static WorkflowGraph of(Trace trace) {
		return of(trace, List.of(), Set.of());
	}

	/**
	 * @param shares    the edge shares of the trace's request group (positions along its critical path); empty when
	 *                  the trace is shown on its own
	 * @param collapsed entry events of the spans to collapse
	 */
	public static WorkflowGraph of(Trace trace, Collection<EdgeShare> shares, Set<Integer> collapsed) {
		int n = trace.size();
		CriticalPath path = CriticalPath.of(trace);
		int[] pathEvents = path.events();
		int[] pathIndex = new int[n];
		Arrays.fill(pathIndex, -1);
		for (int i = 0; i < path.length(); i++) {
			pathIndex[path.event(i)] = i;
		}
		double[] shareAt = new double[Math.max(0, path.edgeCount())];
		Arrays.fill(shareAt, Double.NaN);
		placeShares(trace, path, shares, shareAt);
		// an event is hidden when a collapsed span encloses it; the span's own entry and exit stay
		int[] collapsedBy = new int[n];
		Arrays.fill(collapsedBy, -1);
		if (!collapsed.isEmpty()) {
			for (int e = 0; e < n; e++) {
				for (int c = trace.enclosing(e); c >= 0; c = trace.enclosing(c)) {
					if (collapsed.contains(c)) {
						collapsedBy[e] = c;
					}
				}
			}
		}
		int[] hiddenCount = new int[n];
		int[] nodeOf = new int[n];
		Arrays.fill(nodeOf, -1);
		List<Node> nodes = new java.util.ArrayList<>();
		for (int e = 0; e < n; e++) {
			if (collapsedBy[e] >= 0) {
				hiddenCount[collapsedBy[e]]++;
			}
		}
		for (int e = 0; e < n; e++) {
			if (collapsedBy[e] < 0) {
				nodeOf[e] = nodes.size();
				boolean isCollapsed = collapsed.contains(e) && hiddenCount[e] > 0;
				nodes.add(new Node(e, trace.tracepoint(e), trace.kind(e), trace.attributes(e).service(),
						pathIndex[e] >= 0, isCollapsed, hiddenCount[e]));
			}
		}
		List<Edge> edges = new java.util.ArrayList<>();
		java.util.Set<Long> seen = new java.util.HashSet<>();
		boolean[] visited = new boolean[n];
		ArrayDeque<Integer> queue = new ArrayDeque<>();
		for (int e = 0; e < n; e++) {
			if (nodeOf[e] < 0) {
				continue;
			}
			for (int i = 0; i < trace.predecessorCount(e); i++) {
				int p = trace.predecessor(e, i);
				if (nodeOf[p] >= 0) {
					addEdge(trace, edges, seen, p, e, nodeOf, pathIndex, pathEvents, shareAt);
					continue;
				}
				// walk back through hidden events to the visible ones they came from
				queue.add(p);
				List<Integer> touched = new java.util.ArrayList<>();
				while (!queue.isEmpty()) {
					int h = queue.poll();
					if (visited[h]) {
						continue;
					}
					visited[h] = true;
					touched.add(h);
					for (int j = 0; j < trace.predecessorCount(h); j++) {
						int q = trace.predecessor(h, j);
						if (nodeOf[q] >= 0) {
							addEdge(trace, edges, seen, q, e, nodeOf, pathIndex, pathEvents, shareAt);
						} else {
							queue.add(q);
						}
					}
				}
				touched.forEach(h -> visited[h] = false);
			}
		}
		return new WorkflowGraph(trace, List.copyOf(nodes), List.copyOf(edges));
	}

	/**
	 * Puts each share on the edge of this trace's critical path it is about: at its position when the edge there has
	 * its label (always so for the group's representative), else on the first path edge with its label that has no
	 * share yet. A trace of a workflow group may take other edges than the representative; those stay NaN.
	 */
	private static void placeShares(Trace trace, CriticalPath path, Collection<EdgeShare> shares, double[] shareAt) {
		List<EdgeShare> unplaced = new java.util.ArrayList<>();
		for (EdgeShare s : shares) {
			int p = s.position();
			if (p >= 0 && p < shareAt.length && Double.isNaN(shareAt[p]) && sameLabel(trace, path, p, s)) {
				shareAt[p] = s.share();
			} else {
				unplaced.add(s);
			}
		}
		for (EdgeShare s : unplaced) {
			for (int p = 0; p < shareAt.length; p++) {
				if (Double.isNaN(shareAt[p]) && sameLabel(trace, path, p, s)) {
					shareAt[p] = s.share();
					break;
				}
			}
		}
	}

	private static boolean sameLabel(Trace trace, CriticalPath path, int position, EdgeShare s) {
		int a = path.event(position);
		int b = path.event(position + 1);
		return trace.kind(a) == s.fromKind() && trace.kind(b) == s.toKind() && trace.tracepoint(a).equals(s.from())
				&& trace.tracepoint(b).equals(s.to());
	}

	private static void addEdge(Trace trace, List<Edge> edges, Set<Long> seen, int from, int to, int[] nodeOf,
			int[] pathIndex, int[] pathEvents, double[] shareAt) {
		if (!seen.add(((long) nodeOf[from] << 32) | nodeOf[to])) {
			return;
		}
		// on the path when the path goes from one to the other through hidden events only
		int a = pathIndex[from];
		int b = pathIndex[to];
		boolean onPath = a >= 0 && b > a;
		for (int k = a + 1; onPath && k < b; k++) {
			onPath = nodeOf[pathEvents[k]] < 0;
		}
		double share = Double.NaN;
		if (onPath) {
			share = 0;
			for (int k = a; k < b; k++) {
				share += shareAt[k];
			}
		}
		edges.add(new Edge(nodeOf[from], nodeOf[to], trace.time(to) - trace.time(from), onPath ? a : -1,
				onPath ? b - a : 0, share));
	}

	public Trace trace() {
		return trace;
	}

	public List<Node> nodes() {
		return nodes;
	}

	public List<Edge> edges() {
		return edges;
	}

	/** Whether an event starts a span that has events inside it (so collapsing it hides something). */
	public static boolean collapsible(Trace trace, int event) {
		if (trace.kind(event) != EventKind.ENTRY) {
			return false;
		}
		for (int e = 0; e < trace.size(); e++) {
			if (trace.enclosing(e) == event && e != event && trace.span(e) != trace.span(event)) {
				return true;
			}
		}
		return false;
	}
}
