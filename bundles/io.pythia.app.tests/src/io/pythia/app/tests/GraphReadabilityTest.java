// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;
import io.pythia.services.Investigation;
import io.pythia.ui.bench.ViewBenchmark;
import io.pythia.ui.internal.graph.GraphLayout;
import io.pythia.ui.internal.graph.GraphPainter;
import io.pythia.ui.internal.parts.WorkflowGraphPart;

/**
 * Real traces of 14 to 66 events in the workflow graph view, at Fit: each is wrapped into rows of the view's shape
 * and shows its names (the level of detail is not "boxes"), where in one row most fitted at a scale too small for
 * any label. A 10,000-event trace at Fit shows boxes and says that names appear as one zooms in.
 */
class GraphReadabilityTest {

	private static final Path TRACES = Path.of(System.getProperty("pythia.shared", "../shared"), "traces");

	@Test
	void tracesOfUpToFiftyEventsShowTheirNamesAtFit() throws Exception {
		List<Trace> traces = new ArrayList<>();
		for (String file : List.of("otlp/grafana__tempo__vulture-trace.json", "otlp/grafana__tempo__trace-with-failed-requests.json",
				"otlp/grafana__tempo__trace-with-queue-database.json", "jaeger/jaegertracing__jaeger-ui__spanAmongEachOtherGroupedAndSpans.json",
				"jaeger-synthetic/uber-research__CRISP__18.json", "jaeger/docc-lab__dsb_hd_counter__traces-1695947455229.json")) {
			List<Trace> read = new ArrayList<>();
			new TraceImporter().read(TRACES.resolve(file), TraceSink.of(read::add, w -> {
			}));
			traces.add(read.stream().filter(t -> t.size() >= 14 && t.size() <= 70).findFirst().orElseThrow());
		}
		Trace big = ViewBenchmark.tree(10_000, new Random(5));
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			Investigation investigation = r.application().getContext().get(Investigation.class);
			// as an engineer does: a trace selected while the timeline is in front, then the graph's tab (the view
			// is made then, and lays the trace out before it has its size)
			Trace first = traces.get(1);
			investigation.selectTrace(first);
			WorkbenchRun.spinUntil(r.display(), () -> false, 300);
			WorkflowGraphPart graph = LiveCycleViewsTest.show(r, "io.pythia.app.part.graph", WorkflowGraphPart.class);
			MPart part = LiveCycleViewsTest.part(r, "io.pythia.app.part.graph");
			assertTrue(WorkbenchRun.spinUntil(r.display(), () -> graph.laidOut().filter(l -> l.graph().trace() == first
					&& l.byElk() && GraphPainter.detail(graph.scale()) != GraphPainter.Detail.BOXES).isPresent(), 30_000),
					"the first trace shown in a new view is wrapped to the view: scale " + graph.scale());
			for (Trace t : traces.reversed()) {
				investigation.selectTrace(t);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> graph.laidOut().filter(l -> l.graph().trace() == t
						&& l.byElk()).isPresent(), 30_000), "laid out: " + t.id());
				WorkbenchRun.spinUntil(r.display(), () -> false, 200);
				GraphLayout.Laid laid = graph.laidOut().get();
				seen.put(t.size() + " events, " + t.id(), String.format(java.util.Locale.ROOT, "scale %.2f, %s, %.0fx%.0f",
						graph.scale(), GraphPainter.detail(graph.scale()), laid.width(), laid.height()));
			}
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "graph-fit-wrapped.png");
			investigation.selectTrace(big);
			WorkbenchRun.spinUntil(r.display(), () -> graph.laidOut().filter(l -> l.graph().trace() == big && l.byElk())
					.isPresent(), 60_000);
			seen.put("big", GraphPainter.detail(graph.scale()));
			seen.put("partShown", part.getWidget() != null);
		});
		System.out.println("graph at Fit: " + seen);
		seen.forEach((trace, figure) -> {
			if (!trace.equals("big") && !trace.equals("partShown") && Integer.parseInt(trace.split(" ")[0]) <= 50) {
				assertTrue(!((String) figure).contains("BOXES"), trace + ": " + figure);
			}
		});
		assertEquals(GraphPainter.Detail.BOXES, seen.get("big"), "10,000 events at Fit: boxes, names as one zooms in");
	}

	@Test
	void aNameIsShortenedToItsBoxFromTheLeft() {
		assertEquals("storage-2:write.execute", GraphPainter.shortName("storage-2:write.execute", 40));
		assertEquals("write.execute.work", GraphPainter.shortName("storage-2:write.execute.work", 20));
		assertEquals("\u2026execute.work", GraphPainter.shortName("storage-2:write.execute.work", 13));
		assertEquals("\u2026", GraphPainter.shortName("storage-2:write", 1));
		assertEquals("root", GraphPainter.shortName("root", 2 + 2));
		assertEquals(GraphPainter.Detail.FULL, GraphPainter.detail(GraphLayout.READABLE_SCALE));
		assertEquals(GraphPainter.Detail.NAMES, GraphPainter.detail(GraphPainter.NAMES_SCALE));
		assertEquals(GraphPainter.Detail.BOXES, GraphPainter.detail(GraphPainter.NAMES_SCALE - 0.01));
	}
}
