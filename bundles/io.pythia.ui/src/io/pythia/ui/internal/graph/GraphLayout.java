// SPDX-License-Identifier: EPL-2.0
package io.pythia.ui.internal.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.CrossingMinimizationStrategy;
import org.eclipse.elk.alg.layered.options.GreedySwitchType;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeringStrategy;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.WrappingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import io.pythia.core.analysis.WorkflowGraph;
import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.TraceFormatException;

/**
 * Lays a workflow graph out left to right with ELK's layered algorithm: node boxes sized from their labels, edges
 * as polylines. Runs off the UI thread (no SWT here); the result is plain coordinates the view paints.
 */
public final class GraphLayout {

	/** Node box and edge polylines in layout coordinates (pixels at zoom 1). */
	/**
	 * Node boxes and edge polylines in layout coordinates (pixels at zoom 1). {@code implied} marks the edges that
	 * another path already implies (a span's entry-to-exit edge when its children join its exit): they are drawn as
	 * arcs over the span, since routing them through the layers is what made big traces slow.
	 */
	public record Laid(WorkflowGraph graph, double[] x, double[] y, double[] w, double[] h, List<double[]> edgePoints,
			BitSet implied, double width, double height, long millis, boolean byElk) {
	}

	static final double NODE_HEIGHT = 34;
	/** Graphs up to this many events are wrapped into rows; a bigger one is read by zooming in. */
	public static final int WRAP_UP_TO = 200;
	/** At this scale and above the painter draws both lines of every label (see {@link GraphPainter#detail}). */
	public static final double READABLE_SCALE = 0.75;
	static final double CHAR_WIDTH = 6.6;

	private static volatile boolean registered;

	private GraphLayout() {
	}

	private static void register() {
		if (!registered) {
			synchronized (GraphLayout.class) {
				if (!registered) {
					// outside an Eclipse extension registry ELK does not find its algorithms by itself
					LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
					registered = true;
				}
			}
		}
	}

	public static Laid layout(WorkflowGraph graph) {
		return layout(graph, 0);
	}

	/**
	 * Lays a graph out to be read in a view of {@code viewWidth} x {@code viewHeight} pixels. A trace's graph is
	 * long and thin (30 events of a Tempo trace lay out 16 times wider than high), so in one row it fits a view
	 * only at a scale whose labels cannot be read. A graph of up to {@link #WRAP_UP_TO} events that would fit
	 * smaller than {@link #READABLE_SCALE} is wrapped into rows, and the layout that fits biggest is kept. ELK's
	 * wrapping aims at an aspect ratio and misses it by up to twice, so a few aims are tried: on six real traces of
	 * 14 to 66 events in a 675 x 395 view, the best of them fitted 1.8 to 6 times bigger than one row, and 1 to 1.35
	 * times bigger than aiming at the view's own ratio (docs/views-speed.md).
	 */
	public static Laid layout(WorkflowGraph graph, double viewWidth, double viewHeight) {
		Laid best = layout(graph, 0);
		if (graph.nodes().size() > WRAP_UP_TO || viewWidth < 50 || viewHeight < 50) {
			return best;
		}
		double bestScale = fitScale(best, viewWidth, viewHeight);
		for (double aim : WRAP_AIMS) {
			if (bestScale >= READABLE_SCALE) {
				break;
			}
			Laid wrapped = layout(graph, aim * viewWidth / viewHeight);
			double s = fitScale(wrapped, viewWidth, viewHeight);
			if (s > bestScale) {
				best = wrapped;
				bestScale = s;
			}
		}
		return best;
	}

	/** The aspect ratios tried, as multiples of the view's, most often best first. */
	private static final double[] WRAP_AIMS = { 1.0, 0.5, 0.3, 1.4 };

	/** The scale at which a layout fits a view (the painter's Fit, before its limits). */
	static double fitScale(Laid l, double viewWidth, double viewHeight) {
		return Math.min((viewWidth - 20) / Math.max(1, l.width()), (viewHeight - 20) / Math.max(1, l.height()));
	}

	/**
	 * Lays a graph out in one row ({@code aspectRatio} 0), or wrapped into rows towards that ratio of width over
	 * height (for at most {@link #WRAP_UP_TO} events).
	 */
	static Laid layout(WorkflowGraph graph, double aspectRatio) {
		register();
		long start = System.nanoTime();
		List<WorkflowGraph.Node> nodes = graph.nodes();
		ElkNode root = ElkGraphUtil.createGraph();
		root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
		root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
		root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
		root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
		root.setProperty(CoreOptions.SPACING_NODE_NODE, 12.0);
		// Measured with ./pythia bench ui: the default phases take about 0.5 s for 1,000 events and 3-4 s for
		// 10,000. Longest-path layering, simple node placement and one sweep cut that several times over; above
		// 2,000 events crossing minimisation is skipped too (nodes keep the trace's event order in each layer).
		root.setProperty(LayeredOptions.THOROUGHNESS, 1);
		root.setProperty(LayeredOptions.LAYERING_STRATEGY, LayeringStrategy.LONGEST_PATH);
		root.setProperty(LayeredOptions.NODE_PLACEMENT_STRATEGY, NodePlacementStrategy.SIMPLE);
		root.setProperty(LayeredOptions.CROSSING_MINIMIZATION_GREEDY_SWITCH_TYPE, GreedySwitchType.OFF);
		root.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, false);
		if (nodes.size() > 2000) {
			root.setProperty(LayeredOptions.CROSSING_MINIMIZATION_STRATEGY, CrossingMinimizationStrategy.NONE);
		}
		boolean wrap = aspectRatio > 0 && nodes.size() <= WRAP_UP_TO;
		if (wrap) {
			root.setProperty(LayeredOptions.WRAPPING_STRATEGY, WrappingStrategy.MULTI_EDGE);
			root.setProperty(CoreOptions.ASPECT_RATIO, aspectRatio);
		}
		ElkNode[] elk = new ElkNode[nodes.size()];
		for (int i = 0; i < elk.length; i++) {
			elk[i] = ElkGraphUtil.createNode(root);
			elk[i].setDimensions(width(nodes.get(i)), NODE_HEIGHT);
		}
		// 10,000 events made 85,000 dummy nodes in ELK, mostly for implied span edges; left out, ELK takes a third
		BitSet implied = implied(graph);
		List<ElkEdge> edges = new ArrayList<>(graph.edges().size());
		for (int i = 0; i < graph.edges().size(); i++) {
			WorkflowGraph.Edge e = graph.edges().get(i);
			// wrapped, an arc would cross rows: ELK routes the few implied edges of a small graph too
			edges.add(implied.get(i) && !wrap ? null : ElkGraphUtil.createSimpleEdge(elk[e.from()], elk[e.to()]));
		}
		new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
		double[] x = new double[elk.length];
		double[] y = new double[elk.length];
		double[] w = new double[elk.length];
		double[] h = new double[elk.length];
		for (int i = 0; i < elk.length; i++) {
			x[i] = elk[i].getX();
			y[i] = elk[i].getY();
			w[i] = elk[i].getWidth();
			h[i] = elk[i].getHeight();
		}
		List<double[]> points = new ArrayList<>(edges.size());
		for (int i = 0; i < edges.size(); i++) {
			ElkEdge e = edges.get(i);
			if (e == null) {
				WorkflowGraph.Edge we = graph.edges().get(i);
				points.add(arc(x[we.from()] + w[we.from()], y[we.from()] + h[we.from()] / 2, x[we.to()],
						y[we.to()] + h[we.to()] / 2));
				continue;
			}
			if (e.getSections().isEmpty()) {
				points.add(new double[0]);
				continue;
			}
			ElkEdgeSection s = e.getSections().get(0);
			double[] p = new double[4 + 2 * s.getBendPoints().size()];
			p[0] = s.getStartX();
			p[1] = s.getStartY();
			int k = 2;
			for (ElkBendPoint b : s.getBendPoints()) {
				p[k++] = b.getX();
				p[k++] = b.getY();
			}
			p[k++] = s.getEndX();
			p[k] = s.getEndY();
			points.add(p);
		}
		// arcs rise above the span; shift everything down if one rises above the top
		double top = 0;
		for (int i = implied.nextSetBit(0); i >= 0; i = implied.nextSetBit(i + 1)) {
			double[] p = points.get(i);
			for (int k = 1; k < p.length; k += 2) {
				top = Math.min(top, p[k]);
			}
		}
		if (top < 0) {
			for (int i = 0; i < y.length; i++) {
				y[i] -= top;
			}
			for (double[] p : points) {
				for (int k = 1; k < p.length; k += 2) {
					p[k] -= top;
				}
			}
		}
		return new Laid(graph, x, y, w, h, points, implied, root.getWidth(), root.getHeight() - top,
				(System.nanoTime() - start) / 1_000_000, true);
	}

	/**
	 * The edges u -> v for which another path from u to v exists. Only edges from a node with several successors to
	 * one with several predecessors can be such; each is checked by a search that stops at v's longest-path layer.
	 * The searches share a budget (linear in the graph's size), past which the remaining edges count as not implied.
	 */
	static BitSet implied(WorkflowGraph graph) {
		int n = graph.nodes().size();
		List<WorkflowGraph.Edge> edges = graph.edges();
		Adjacency adjacency = Adjacency.of(graph);
		int[] outStart = adjacency.outStart();
		int[] out = adjacency.out();
		int[] indegree = adjacency.indegree();
		int[] layer = adjacency.layers();
		BitSet implied = new BitSet(edges.size());
		long budget = 32L * (n + edges.size());
		int[] seen = new int[n];
		int stamp = 0;
		ArrayDeque<Integer> stack = new ArrayDeque<>();
		for (int i = 0; i < edges.size() && budget > 0; i++) {
			WorkflowGraph.Edge e = edges.get(i);
			int u = e.from();
			int v = e.to();
			if (outStart[u + 1] - outStart[u] < 2 || indegree[v] < 2 || layer[v] - layer[u] < 2) {
				continue;
			}
			stamp++;
			stack.clear();
			boolean found = false;
			for (int k = outStart[u]; k < outStart[u + 1]; k++) {
				if (out[k] != v && layer[out[k]] < layer[v]) {
					seen[out[k]] = stamp;
					stack.push(out[k]);
				}
			}
			while (!stack.isEmpty() && !found && budget-- > 0) {
				int a = stack.pop();
				for (int k = outStart[a]; k < outStart[a + 1]; k++) {
					int b = out[k];
					if (b == v) {
						found = true;
						break;
					}
					if (seen[b] != stamp && layer[b] < layer[v]) {
						seen[b] = stamp;
						stack.push(b);
					}
				}
			}
			if (found) {
				implied.set(i);
			}
		}
		return implied;
	}

	/** Successor lists of a graph as arrays (node i's successors are out[outStart[i] .. outStart[i + 1])). */
	private record Adjacency(int[] outStart, int[] out, int[] indegree) {

		static Adjacency of(WorkflowGraph graph) {
			int n = graph.nodes().size();
			int[] outStart = new int[n + 1];
			int[] indegree = new int[n];
			for (WorkflowGraph.Edge e : graph.edges()) {
				outStart[e.from() + 1]++;
				indegree[e.to()]++;
			}
			for (int i = 0; i < n; i++) {
				outStart[i + 1] += outStart[i];
			}
			int[] out = new int[graph.edges().size()];
			int[] fill = outStart.clone();
			for (WorkflowGraph.Edge e : graph.edges()) {
				out[fill[e.from()]++] = e.to();
			}
			return new Adjacency(outStart, out, indegree);
		}

		/** Longest-path layer of each node (0 for sources); nodes on a cycle, which traces do not have, stay at 0. */
		int[] layers() {
			int n = indegree.length;
			int[] waiting = indegree.clone();
			int[] layer = new int[n];
			int[] queue = new int[n];
			int head = 0;
			int tail = 0;
			for (int i = 0; i < n; i++) {
				if (waiting[i] == 0) {
					queue[tail++] = i;
				}
			}
			while (head < tail) {
				int v = queue[head++];
				for (int k = outStart[v]; k < outStart[v + 1]; k++) {
					int w = out[k];
					layer[w] = Math.max(layer[w], layer[v] + 1);
					if (--waiting[w] == 0) {
						queue[tail++] = w;
					}
				}
			}
			return layer;
		}
	}

	/** A quadratic curve from (x0, y0) to (x1, y1) that rises above both ends, as a polyline. */
	static double[] arc(double x0, double y0, double x1, double y1) {
		double rise = Math.min(120, 16 + 0.08 * Math.abs(x1 - x0));
		double cx = (x0 + x1) / 2;
		double cy = Math.min(y0, y1) - 2 * rise; // the curve's peak is half way to its control point
		int steps = 16;
		double[] p = new double[2 * (steps + 1)];
		for (int k = 0; k <= steps; k++) {
			double t = (double) k / steps;
			double a = (1 - t) * (1 - t);
			double b = 2 * t * (1 - t);
			double c = t * t;
			p[2 * k] = a * x0 + b * cx + c * x1;
			p[2 * k + 1] = a * y0 + b * cy + c * y1;
		}
		return p;
	}

	/**
	 * A first picture in linear time, for big traces while ELK works: each node in the column of its longest path
	 * from the start, nodes of a column stacked in event order, straight edges. Readable, not tidy.
	 */
	public static Laid quick(WorkflowGraph graph) {
		long start = System.nanoTime();
		List<WorkflowGraph.Node> nodes = graph.nodes();
		int n = nodes.size();
		int[] layer = Adjacency.of(graph).layers();
		int layers = 1;
		for (int l : layer) {
			layers = Math.max(layers, l + 1);
		}
		double[] layerWidth = new double[layers];
		double[] w = new double[n];
		double[] h = new double[n];
		for (int i = 0; i < n; i++) {
			w[i] = width(nodes.get(i));
			h[i] = NODE_HEIGHT;
			layerWidth[layer[i]] = Math.max(layerWidth[layer[i]], w[i]);
		}
		double[] layerX = new double[layers];
		for (int l = 1; l < layers; l++) {
			layerX[l] = layerX[l - 1] + layerWidth[l - 1] + 28;
		}
		int[] filled = new int[layers];
		double[] x = new double[n];
		double[] y = new double[n];
		double height = 0;
		for (int i = 0; i < n; i++) { // nodes come in event order: stacking them so keeps spans together
			x[i] = layerX[layer[i]];
			y[i] = filled[layer[i]]++ * (NODE_HEIGHT + 12);
			height = Math.max(height, y[i] + NODE_HEIGHT);
		}
		List<double[]> points = new ArrayList<>(graph.edges().size());
		for (WorkflowGraph.Edge e : graph.edges()) {
			points.add(new double[] { x[e.from()] + w[e.from()], y[e.from()] + NODE_HEIGHT / 2, x[e.to()],
					y[e.to()] + NODE_HEIGHT / 2 });
		}
		double width = layerX[layers - 1] + layerWidth[layers - 1];
		return new Laid(graph, x, y, w, h, points, new BitSet(), width, height, (System.nanoTime() - start) / 1_000_000,
				false);
	}

	/**
	 * Lays out a small made-up trace a few times, so that the engineer's first graph does not pay for loading and
	 * compiling ELK (a 14-event graph took a second the first time). Run it in a background job at start.
	 */
	public static void warmUp() {
		List<SpanInput> spans = new ArrayList<>();
		spans.add(new SpanInput("r", null, 0, 1_000_000, "warm:root", new Attributes("warm", "", "root", Map.of())));
		for (int i = 0; i < 40; i++) {
			long start = 1000 + i * 20_000L;
			spans.add(new SpanInput("c" + i, "r", start, 18_000, "warm:step", new Attributes("warm", "", "step", Map.of())));
			for (int k = 0; k < 2; k++) { // two calls in parallel inside each step
				spans.add(new SpanInput("c" + i + "-" + k, "c" + i, start + 500, 10_000 + k * 5000, "warm:call",
						new Attributes("warm", "", "call", Map.of())));
			}
		}
		try {
			WorkflowGraph graph = WorkflowGraph.of(new SpanTraceAssembler("warm-up", new Interner(), w -> {
			}).assemble("warm-up", spans));
			for (int i = 0; i < 5; i++) {
				layout(graph);
				quick(graph);
			}
		} catch (TraceFormatException e) {
			throw new IllegalStateException("the warm-up trace is malformed", e);
		}
	}

	/** Box width for a node's two text lines (tracepoint, then kind and service), at a fixed character width. */
	static double width(WorkflowGraph.Node n) {
		int chars = Math.max(Math.min(n.tracepoint().length(), 40), Math.min(secondLine(n).length(), 40));
		return Math.max(60, 14 + chars * CHAR_WIDTH);
	}

	/** The node's second line: event kind, service, hidden events of a collapsed span. */
	public static String secondLine(WorkflowGraph.Node n) {
		return n.kind().label() + (n.service().isEmpty() ? "" : " \u00b7 " + n.service())
				+ (n.collapsed() ? " \u00b7 +" + n.hiddenEvents() + " hidden" : "");
	}
}
