// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.junit.jupiter.api.Test;

import io.pythia.ui.bench.ViewBenchmark;
import io.pythia.ui.internal.graph.GraphLayout;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.parts.WorkflowGraphPart;
import io.pythia.core.analysis.WorkflowGraph;
import io.pythia.core.trace.Attributes;
import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanInput;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Trace;

/**
 * A 10,000-event trace in the workflow graph view: a quick placement shows first, ELK's layout replaces it, and in
 * both every happens-before edge points left to right (time flows one way on screen).
 */
class BigTraceGraphTest {

	@Test
	void bothPlacementsRunLeftToRight() throws Exception {
		Trace trace = ViewBenchmark.tree(10_000, new Random(5));
		WorkflowGraph graph = WorkflowGraph.of(trace);
		assertTrue(graph.edges().size() >= trace.size() - 1, "every event is joined: " + graph.edges().size());
		for (GraphLayout.Laid laid : List.of(GraphLayout.quick(graph), GraphLayout.layout(graph))) {
			assertEquals(trace.size(), laid.x().length);
			for (WorkflowGraph.Edge e : graph.edges()) {
				assertTrue(laid.x()[e.from()] + laid.w()[e.from()] <= laid.x()[e.to()] + 1e-6,
						(laid.byElk() ? "ELK" : "quick") + ": edge " + e + " runs backwards");
			}
		}
	}

	@Test
	void aSpansOwnEdgeIsArcedOverItsChildrenOnlyWhenTheyJoinIt() throws Exception {
		// api:root calls db:a then db:b in sequence; worker:async outlives its parent api:call, so it joins nothing
		List<SpanInput> input = List.of(span("root", null, 0, 100, "api", "root"), span("a", "root", 10, 20, "db", "a"),
				span("b", "root", 40, 30, "db", "b"), span("call", "root", 75, 10, "api", "call"),
				span("async", "call", 78, 40, "worker", "async"));
		Trace trace = new SpanTraceAssembler("test", new Interner(), w -> {
		}).assemble("t", input);
		WorkflowGraph graph = WorkflowGraph.of(trace);
		GraphLayout.Laid laid = GraphLayout.layout(graph);
		List<String> implied = new ArrayList<>();
		for (int i = 0; i < graph.edges().size(); i++) {
			if (laid.implied().get(i)) {
				WorkflowGraph.Edge e = graph.edges().get(i);
				implied.add(graph.nodes().get(e.from()).label() + " -> " + graph.nodes().get(e.to()).label());
				double[] p = laid.edgePoints().get(i);
				assertEquals(laid.x()[e.from()] + laid.w()[e.from()], p[0], 1e-6, "the arc leaves the entry's right side");
				assertEquals(laid.x()[e.to()], p[p.length - 2], 1e-6, "the arc reaches the exit's left side");
				double peak = Double.MAX_VALUE;
				for (int k = 1; k < p.length; k += 2) {
					peak = Math.min(peak, p[k]);
					assertTrue(p[k] >= 0, "the arc stays inside the laid-out area");
				}
				assertTrue(peak < Math.min(laid.y()[e.from()], laid.y()[e.to()]), "the arc rises above both ends");
			}
		}
		// the root's own edge is implied by the path through a, b and call; call's is not (its child is asynchronous)
		assertEquals(List.of("api:root " + EventKind.ENTRY.label() + " -> api:root " + EventKind.EXIT.label()), implied);
	}

	private static SpanInput span(String id, String parent, long startMicros, long durationMicros, String service,
			String op) {
		return new SpanInput(id, parent, startMicros * 1000, durationMicros * 1000, service + ":" + op,
				new Attributes(service, "h", op, Map.of()));
	}

	@Test
	void aTenThousandEventTraceShowsAQuickPlacementThenElks() throws Exception {
		Trace trace = ViewBenchmark.tree(10_000, new Random(6));
		List<Boolean> seen = new ArrayList<>();
		WorkbenchRun.run(r -> {
			EModelService models = r.application().getContext().get(EModelService.class);
			MPart part = models.findElements(r.window(), "io.pythia.app.part.graph", MPart.class).get(0);
			r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);
			WorkflowGraphPart graph = (WorkflowGraphPart) part.getObject();
			r.application().getContext().get(Investigation.class).selectTrace(trace);
			WorkbenchRun.spinUntil(r.display(), () -> {
				graph.laidOut().filter(l -> l.graph().trace() == trace).ifPresent(l -> {
					if (seen.isEmpty() || seen.get(seen.size() - 1) != l.byElk()) {
						seen.add(l.byElk());
					}
				});
				return !seen.isEmpty() && seen.get(seen.size() - 1);
			}, 60_000);
			assertEquals(trace.size(), graph.laidOut().get().graph().nodes().size());
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "graph-10000.png");
		});
		assertEquals(List.of(false, true), seen, "quick placement first, then ELK's");
		assertFalse(seen.isEmpty());
	}
}
