// SPDX-License-Identifier: EPL-2.0
package io.pythia.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.pythia.core.trace.EventKind;
import io.pythia.core.trace.Interner;
import io.pythia.core.trace.SpanTraceAssembler;
import io.pythia.core.trace.Spans;
import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceWarning;

class WorkflowGraphTest {

	private final List<TraceWarning> warnings = new ArrayList<>();

	// root 0..100 { a 10..40 { a1 12..20, a2 22..38 }, b 45..95 }
	private Trace trace() throws Exception {
		return new SpanTraceAssembler("test", new Interner(), warnings::add).assemble("wg", new Spans() //
				.span("r", null, 0, 100, "api", "root") //
				.span("a", "r", 10, 30, "svc", "a") //
				.span("a1", "a", 12, 8, "svc", "a1") //
				.span("a2", "a", 22, 16, "svc", "a2") //
				.span("b", "r", 45, 50, "db", "b") //
				.list());
	}

	@Test
	void everyEventIsANodeAndThePathIsMarked() throws Exception {
		Trace t = trace();
		WorkflowGraph g = WorkflowGraph.of(t);
		assertEquals(t.size(), g.nodes().size());
		assertEquals(t.edgeCount(), g.edges().size());
		CriticalPath path = CriticalPath.of(t);
		long onPath = g.nodes().stream().filter(WorkflowGraph.Node::onCriticalPath).count();
		assertEquals(path.length(), onPath);
		List<WorkflowGraph.Edge> pathEdges = g.edges().stream().filter(WorkflowGraph.Edge::onCriticalPath).toList();
		assertEquals(path.edgeCount(), pathEdges.size());
		assertEquals(path.duration(), pathEdges.stream().mapToLong(WorkflowGraph.Edge::durationNanos).sum(),
				"path edge durations add up to the response time");
		assertTrue(pathEdges.stream().allMatch(e -> Double.isNaN(e.share())), "no group, no shares");
		assertEquals("db", g.nodes().stream().filter(n -> n.tracepoint().equals("db:b")).findFirst().orElseThrow().service());
	}

	@Test
	void collapsingASpanHidesItsInsideAndRewiresThePath() throws Exception {
		Trace t = trace();
		int a = Spans.event(t, "svc:a", EventKind.ENTRY);
		CriticalPath path = CriticalPath.of(t);
		List<EdgeShare> shares = new ArrayList<>();
		for (int i = 0; i < path.edgeCount(); i++) { // made-up shares: 0.1 each, the rest on the last edge
			int from = path.event(i);
			int to = path.event(i + 1);
			shares.add(new EdgeShare(i, t.tracepoint(from), t.kind(from), t.tracepoint(to), t.kind(to), 0.1, 0.1, 0, 0));
		}
		WorkflowGraph g = WorkflowGraph.of(t, shares, Set.of(a));
		Set<String> labels = g.nodes().stream().map(WorkflowGraph.Node::label).collect(Collectors.toSet());
		assertFalse(labels.contains("svc:a1 start") || labels.contains("svc:a2 end"), labels.toString());
		assertTrue(labels.contains("svc:a start") && labels.contains("svc:a end"), labels.toString());
		assertEquals(t.size() - 4, g.nodes().size());
		WorkflowGraph.Node collapsed = g.nodes().stream().filter(WorkflowGraph.Node::collapsed).findFirst().orElseThrow();
		assertEquals("svc:a start", collapsed.label());
		assertEquals(4, collapsed.hiddenEvents());
		// a start -> a end now stands for the path steps through a1 and a2
		int from = g.nodes().indexOf(collapsed);
		WorkflowGraph.Edge across = g.edges().stream().filter(e -> e.from() == from).findFirst().orElseThrow();
		assertEquals("svc:a end", g.nodes().get(across.to()).label());
		assertEquals(30_000, across.durationNanos());
		assertTrue(across.onCriticalPath(), "a runs before b, so it is on the path");
		assertTrue(across.pathSteps() > 1);
		assertEquals(0.1 * across.pathSteps(), across.share(), 1e-9);
		// the visible path still adds up to the response time
		long sum = g.edges().stream().filter(WorkflowGraph.Edge::onCriticalPath).mapToLong(WorkflowGraph.Edge::durationNanos).sum();
		assertEquals(path.duration(), sum);
		assertTrue(WorkflowGraph.collapsible(t, a));
		assertFalse(WorkflowGraph.collapsible(t, Spans.event(t, "db:b", EventKind.ENTRY)), "a leaf span");
	}

	@Test
	void heatmapPutsTheStrongestEdgeFirstAndMarksMissingCells() throws Exception {
		WorkflowCorpus corpus = new WorkflowCorpus(11, 10);
		corpus.extra("spawn", () -> corpus.random().nextGaussian() * 3000);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		for (Trace tr : corpus.traces(500)) {
			analysis.accept(tr);
		}
		analysis.accept(trace()); // another request type, path not shared
		AnalysisReport report = analysis.report();
		VarianceHeatmap map = VarianceHeatmap.of(report.groups(), 100);
		assertEquals(report.groups().size(), map.rows().size());
		assertEquals("compute:spawn start -> compute:spawn end", map.columns().get(0));
		int spawnRow = map.rows().indexOf(report.groups().stream().filter(AnalysisReport.Group::problem).findFirst().orElseThrow());
		assertTrue(map.share(spawnRow, 0) > 0.9, "share " + map.share(spawnRow, 0));
		assertTrue(map.position(spawnRow, 0) >= 0);
		int otherRow = 1 - spawnRow;
		assertTrue(Double.isNaN(map.share(otherRow, 0)), "the other group's path has no spawn edge");
		assertEquals(-1, map.position(otherRow, 0));
		assertEquals(3, VarianceHeatmap.of(report.groups(), 3).columns().size());
		StringWriter svg = new StringWriter();
		map.writeSvg(svg);
		assertTrue(svg.toString().startsWith("<svg"));
		assertEquals(map.rows().size() * map.columns().size(), svg.toString().split("</rect>").length - 1, "a rectangle per cell");
		assertTrue(svg.toString().contains("share of the group's variance") && svg.toString().contains("off the path"), "a legend");
		assertTrue(svg.toString().contains("</title>compute:spawn</text>"), "column labels, the full edge as their title");
		// column labels: a span's own time is its tracepoint; long names keep their service and their end
		assertEquals("compute:spawn", map.columnLabel(0, 24));
		assertEquals("storage-2:\u2026execute.work", VarianceHeatmap.shortTracepoint("storage-2:write.execute.work", 24));
		assertEquals("\u2026execute.work", VarianceHeatmap.shortTracepoint("storage-2:write.execute.work", 18), "a service of half the room or more gives way");
		assertEquals("storage-2:write.execute.work", VarianceHeatmap.shortTracepoint("storage-2:write.execute.work", 40));
		for (int c = 0; c < map.columns().size(); c++) {
			assertTrue(map.columnLabel(c, 24).length() <= 24, map.columnLabel(c, 24));
		}
		assertEquals(0xffffff, VarianceHeatmap.color(0));
		assertEquals(0x800026, VarianceHeatmap.color(1));
	}

	@Test
	void heatmapOverTimeShowsTheVarianceMovingFromOneEdgeToAnother() throws Exception {
		// the first 300 requests vary in "image", the next 300 in "spawn": the group's heatmap over time must show it
		WorkflowCorpus corpus = new WorkflowCorpus(12, 10);
		int[] made = { 0 };
		corpus.extra("image", () -> made[0] < 300 ? corpus.random().nextGaussian() * 3000 : 0);
		corpus.extra("spawn", () -> made[0]++ >= 300 ? corpus.random().nextGaussian() * 3000 : 0);
		List<Trace> traces = corpus.traces(600);
		Analysis analysis = new Analysis(AnalysisOptions.DEFAULTS);
		traces.forEach(analysis::accept);
		AnalysisReport.Group group = analysis.report().groups().get(0);
		VarianceHeatmap map = VarianceHeatmap.overTime(group, traces, 6);
		assertEquals(6, map.rowCount());
		assertTrue(map.rowLabel(0).endsWith("(100)"), map.rowLabel(0));
		int image = map.columns().indexOf("glance:image start -> glance:image end");
		int spawn = map.columns().indexOf("compute:spawn start -> compute:spawn end");
		assertTrue(image >= 0 && spawn >= 0, map.columns().toString());
		for (int r = 0; r < 3; r++) {
			assertTrue(map.share(r, image) > 0.9 && Math.abs(map.share(r, spawn)) < 0.1, "window " + r + ": image");
		}
		for (int r = 3; r < 6; r++) {
			assertTrue(map.share(r, spawn) > 0.9 && Math.abs(map.share(r, image)) < 0.1, "window " + r + ": spawn");
		}
		for (int r = 0; r < 6; r++) {
			double sum = 0;
			for (int c = 0; c < map.columns().size(); c++) {
				sum += map.share(r, c);
			}
			assertEquals(1.0, sum, 1e-9, "each window's shares add up to 1");
		}
		assertEquals(group, map.rowGroup(4));
	}
}
