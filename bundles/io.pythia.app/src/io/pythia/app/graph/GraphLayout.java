// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.graph;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.elk.alg.layered.options.CrossingMinimizationStrategy;
import org.eclipse.elk.alg.layered.options.GreedySwitchType;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeringStrategy;
import org.eclipse.elk.alg.layered.options.NodePlacementStrategy;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
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

/**
 * Lays a workflow graph out left to right with ELK's layered algorithm: node boxes sized from their labels, edges
 * as polylines. Runs off the UI thread (no SWT here); the result is plain coordinates the view paints.
 */
public final class GraphLayout {

	/** Node box and edge polylines in layout coordinates (pixels at zoom 1). */
	public record Laid(WorkflowGraph graph, double[] x, double[] y, double[] w, double[] h, List<double[]> edgePoints,
			double width, double height, long millis) {
	}

	static final double NODE_HEIGHT = 34;
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
		ElkNode[] elk = new ElkNode[nodes.size()];
		for (int i = 0; i < elk.length; i++) {
			elk[i] = ElkGraphUtil.createNode(root);
			elk[i].setDimensions(width(nodes.get(i)), NODE_HEIGHT);
		}
		List<ElkEdge> edges = new ArrayList<>(graph.edges().size());
		for (WorkflowGraph.Edge e : graph.edges()) {
			edges.add(ElkGraphUtil.createSimpleEdge(elk[e.from()], elk[e.to()]));
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
		for (ElkEdge e : edges) {
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
		return new Laid(graph, x, y, w, h, points, root.getWidth(), root.getHeight(),
				(System.nanoTime() - start) / 1_000_000);
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
