// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.junit.jupiter.api.Test;

import io.pythia.app.bench.ViewBenchmark;
import io.pythia.app.graph.GraphLayout;
import io.pythia.app.model.Investigation;
import io.pythia.app.parts.WorkflowGraphPart;
import io.pythia.core.analysis.WorkflowGraph;
import io.pythia.core.trace.Trace;

/**
 * A 10,000-event trace in the workflow graph view: a quick placement shows first, ELK's layout replaces it, and in
 * both every happens-before edge points left to right (time flows one way on screen).
 */
class BigTraceGraphTest {

	@Test
	void bothPlacementsRunLeftToRight() throws Exception {
		Trace trace = ViewBenchmark.tree(1_000, new Random(5));
		WorkflowGraph graph = WorkflowGraph.of(trace);
		for (GraphLayout.Laid laid : List.of(GraphLayout.quick(graph), GraphLayout.layout(graph))) {
			assertEquals(trace.size(), laid.x().length);
			for (WorkflowGraph.Edge e : graph.edges()) {
				assertTrue(laid.x()[e.from()] + laid.w()[e.from()] <= laid.x()[e.to()] + 1e-6,
						(laid.byElk() ? "ELK" : "quick") + ": edge " + e + " runs backwards");
			}
		}
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
