// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;

import io.pythia.services.TraceSourceList;
import io.pythia.services.ImportJob;
import io.pythia.services.Investigation;
import io.pythia.ui.internal.parts.RequestGroupsPart;
import io.pythia.ui.internal.parts.VarianceHeatmapPart;
import io.pythia.ui.internal.parts.WorkflowGraphPart;
import io.pythia.core.analysis.Analysis;
import io.pythia.core.analysis.AnalysisOptions;
import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.CriticalPath;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;

/**
 * Opens the real shared traces through the UI's import path (the job File &gt; Open Traces and drag and drop
 * start), then drives the real views: the groups table must show what the analysis engine computes, the graph must
 * lay out the selected group's trace with its critical path, a heatmap cell click must select that edge in the graph.
 * Screenshots of each view go to target/screenshots.
 */
class InvestigationViewsTest {

	private static final Path TRACES = Path.of(System.getProperty("pythia.shared", "../shared"), "traces");

	@Test
	void realTracesFlowIntoGroupsGraphAndHeatmap() throws Exception {
		assertTrue(Files.isDirectory(TRACES), "shared traces at " + TRACES.toAbsolutePath());
		// the shared traces' groups vary, but spread out (noise.md); a generated service with one delayed step beside
		// them gives the views a problem group to show
		Path generated = Files.createTempDirectory("pythia-views").resolve("checkout.json");
		writeDelayedCheckout(generated, 40);
		List<Path> sources = List.of(TRACES, generated);
		// what the engine says, computed here without the UI
		Analysis direct = new Analysis(AnalysisOptions.DEFAULTS);
		new TraceImporter().readAll(sources, TraceSink.of(direct::accept, direct::warn));
		AnalysisReport expected = direct.report();
		assertFalse(expected.problemGroups().isEmpty(), "the generated service holds a problem group");

		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			var ctx = r.application().getContext();
			Investigation investigation = ctx.get(Investigation.class);
			ImportJob job = ImportJob.open(ctx.get(TraceSourceList.class), investigation, sources);
			assertTrue(WorkbenchRun.spinUntil(r.display(), () -> job.getResult() != null, 60_000), "import finished");
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			WorkbenchRun.spinUntil(r.display(), () -> false, 300); // listeners hop to the UI thread

			part(r, "io.pythia.app.part.groups", RequestGroupsPart.class); // created, so its table exists
			Table table = table(r, "io.pythia.app.part.groups", 0);
			// the views hear of the analysis on the UI thread, a moment after the job ends
			WorkbenchRun.spinUntil(r.display(), () -> table.getItemCount() == expected.groups().size(), 20_000);
			seen.put("rows", table.getItemCount());
			seen.put("firstRow", table.getItem(0).getText(7));
			seen.put("firstCount", table.getItem(0).getText(1));
			MPart sourcesPart = r.application().getContext().get(EModelService.class)
					.findElements(r.window(), "io.pythia.app.part.sources", MPart.class).get(0);
			WorkbenchRun.spinUntil(r.display(), () -> !Shown.rows(sourcesPart, 1, ": ", 2).isEmpty(), 10_000);
			seen.put("warnings", Shown.rows(sourcesPart, 1, ": ", 2));

			// select the problem group in the table, as a click does
			AnalysisReport.Group problem = investigation.analysed().orElseThrow().report().problemGroups().get(0);
			int row = -1;
			for (int i = 0; i < table.getItemCount() && row < 0; i++) { // the row whose Group column names it
				row = table.getItem(i).getText(7).equals(problem.group().id()) ? i : -1;
			}
			table.setSelection(row);
			table.notifyListeners(SWT.Selection, new Event());
			seen.put("selected", investigation.group().map(g -> g.group().id()).orElse("none"));
			seen.put("problemMark", table.getItem(row).getText(0));

			WorkflowGraphPart graph = show(r, "io.pythia.app.part.graph", WorkflowGraphPart.class);
			assertTrue(WorkbenchRun.spinUntil(r.display(),
					() -> graph.laidOut().filter(l -> l.graph().trace() == problem.group().representative()).isPresent(),
					30_000), "graph laid out");
			var laid = graph.laidOut().get();
			seen.put("nodes", laid.graph().nodes().size());
			seen.put("pathEdges", laid.graph().edges().stream().filter(e -> e.onCriticalPath()).count());
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "graph.png");

			VarianceHeatmapPart heatmap = show(r, "io.pythia.app.part.heatmap", VarianceHeatmapPart.class);
			WorkbenchRun.spinUntil(r.display(), () -> heatmap.heatmap() != null && !heatmap.heatmap().rows().isEmpty(), 10_000);
			seen.put("heatmapRows", heatmap.heatmap().rows().size());
			seen.put("topCell", heatmap.describe(0, 0));
			seen.put("attributes", heatmap.attributes().stream().map(io.pythia.core.analysis.AttributeEffect::describe).toList());
			seen.put("attributeRows", all(canvas(r, "io.pythia.app.part.heatmap").getParent(), Table.class).stream()
					.mapToInt(Table::getItemCount).sum());
			// click the strongest cell of the first row: the graph selects that critical-path edge
			Canvas cells = canvas(r, "io.pythia.app.part.heatmap");
			Event click = new Event();
			int[] first = heatmap.cellCenter(0, 0);
			click.x = first[0];
			click.y = first[1];
			seen.put("columnLabel", heatmap.heatmap().columnLabel(0, 24));
			click.button = 1;
			cells.notifyListeners(SWT.MouseUp, click);
			seen.put("edgePosition", investigation.edgePosition());
			// a click on the second column's label selects that edge, in the first group whose path takes it
			int[] label = heatmap.columnLabelCenter(1);
			Event labelClick = new Event();
			labelClick.x = label[0];
			labelClick.y = label[1];
			labelClick.button = 1;
			cells.notifyListeners(SWT.MouseUp, labelClick);
			seen.put("labelPosition", investigation.edgePosition());
			seen.put("column1Position", heatmap.heatmap().position(0, 1));
			cells.notifyListeners(SWT.MouseUp, click); // back to the strongest cell for what follows
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "heatmap.png");
			// the toggle: time windows of the selected group instead of the problem groups
			heatmap.showOverTime(true);
			WorkbenchRun.spinUntil(r.display(), () -> heatmap.heatmap().rows().size() == 1 && heatmap.heatmap().rowCount() > 1, 10_000);
			seen.put("windows", heatmap.heatmap().rowCount());
			seen.put("windowLabel", heatmap.heatmap().rowLabel(0));
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "heatmap-over-time.png");
			heatmap.showOverTime(false);
			// the other chart beside the heatmap: box plots of the problem groups' response times
			heatmap.showBoxPlot(true);
			var boxes = (org.jfree.data.statistics.BoxAndWhiskerCategoryDataset) heatmap.chart().getCategoryPlot().getDataset();
			seen.put("boxes", boxes.getColumnCount());
			seen.put("firstBox", boxes.getColumnKey(0).toString());
			seen.put("firstMedian", boxes.getMedianValue(0, 0).doubleValue());
			double[] ms = investigation.tracesOf(investigation.group().get()).stream().mapToDouble(t -> t.duration() / 1e6)
					.sorted().toArray();
			seen.put("keptMedian", ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2);
			seen.put("boxGroupsWithTraces", investigation.analysed().get().report().problemGroups().stream()
					.limit(20).filter(g -> !investigation.tracesOf(g).isEmpty()).count());
			try {
				Path svg = Files.createTempFile("boxes", ".svg");
				io.pythia.ui.internal.charts.Charts.save(heatmap.chart(), svg);
				seen.put("boxSvg", Files.readString(svg).split("class=\"box\"").length - 1);
			} catch (java.io.IOException e) {
				throw new AssertionError(e);
			}
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "heatmap-boxplot.png");
			heatmap.showBoxPlot(false);
			seen.put("afterBoxes", heatmap.chart().getPlot().getClass().getSimpleName());
			show(r, "io.pythia.app.part.graph", WorkflowGraphPart.class);
			WorkbenchRun.spinUntil(r.display(), () -> graph.selectedEdge() >= 0, 10_000);
			seen.put("graphEdge", graph.selectedEdge());
			if (graph.selectedEdge() >= 0) { // the critical-path positions the selected edge stands for
				var selected = graph.laidOut().get().graph().edges().get(graph.selectedEdge());
				seen.put("graphEdgePath", selected.onCriticalPath()
						? List.of(selected.pathPosition(), selected.pathPosition() + selected.pathSteps()) : List.of());
			}
			seen.put("edgeDetails", graph.edgeDetails());
			WorkbenchRun.spinUntil(r.display(), () -> graph.edgeChart() != null
					&& graph.edgeChart().getXYPlot().getDataset().getSeriesCount() > 0, 10_000);
			try { // the edge chart's export, as its button does after the file dialog
				Path svg = Files.createTempFile("edge", ".svg");
				io.pythia.ui.internal.charts.Charts.save(graph.edgeChart(), svg);
				seen.put("edgeSvgBars", Files.readString(svg).split("<rect ").length - 1);
			} catch (java.io.IOException e) {
				throw new AssertionError(e);
			}
			WorkbenchRun.spinUntil(r.display(), () -> Job.getJobManager().isIdle(), 10_000);
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "graph-edge.png");
		});

		assertEquals(expected.groups().size(), seen.get("rows"), "one row per request group");
		// default order: variance, largest first, as the report sorts them
		assertEquals(expected.groups().get(0).group().id(), seen.get("firstRow"));
		assertEquals(Integer.toString(expected.groups().get(0).group().count()), seen.get("firstCount"));
		@SuppressWarnings("unchecked")
		List<String> warnings = (List<String>) seen.get("warnings");
		assertTrue(warnings.size() >= Math.min(expected.warningCount(), 1000), "warnings listed: " + warnings.size());
		assertTrue(warnings.stream().anyMatch(w -> w.contains("clock skew") || w.contains("skew")),
				"the Jaeger clock-skew repair is listed: " + warnings);
		AnalysisReport.Group problem = expected.problemGroups().get(0);
		assertEquals(problem.group().id(), seen.get("selected"));
		assertTrue(((String) seen.get("problemMark")).startsWith("\u26a0 "), "problem groups are marked");
		assertEquals(problem.group().representative().size(), seen.get("nodes"), "every event of the trace is drawn");
		assertEquals((long) CriticalPath.of(problem.group().representative()).edgeCount(), seen.get("pathEdges"));
		assertEquals(expected.problemGroups().size(), seen.get("heatmapRows"));
		assertEquals(problem.attributes().stream().map(io.pythia.core.analysis.AttributeEffect::describe).toList(),
				seen.get("attributes"), "beside the heatmap: the problem group's attributes");
		assertEquals("gateway=slow-bank", ((List<?>) seen.get("attributes")).get(0), "the slow payment gateway first");
		assertEquals(((List<?>) seen.get("attributes")).size(), seen.get("attributeRows"), "one table row each");
		String top = (String) seen.get("topCell");
		assertTrue(top.contains(problem.group().id()) && top.contains(problem.edges().get(0).label())
				&& top.contains(String.format(java.util.Locale.ROOT, "%.1f%%", problem.edges().get(0).share() * 100)),
				"the strongest edge comes first, with its share: " + top);
		assertTrue(top.contains(String.format(java.util.Locale.ROOT, "95%% interval %.1f%% to %.1f%%",
				problem.edges().get(0).shareLow() * 100, problem.edges().get(0).shareHigh() * 100)), "and its interval: " + top);
		assertEquals(problem.edges().get(0).position(), seen.get("edgePosition"));
		assertEquals(seen.get("column1Position"), seen.get("labelPosition"), "a column label selects its edge");
		assertEquals(problem.edges().get(0).from(), seen.get("columnLabel"), "a span's own time is labelled with its tracepoint");
		assertEquals(Math.min(10, problem.group().count() / 2), seen.get("windows"), "time windows of the problem group");
		assertTrue(((String) seen.get("windowLabel")).startsWith("+0.0 s"), (String) seen.get("windowLabel"));
		assertEquals((long) (int) seen.get("boxes"), seen.get("boxGroupsWithTraces"), "one box per problem group with kept traces");
		assertTrue((int) seen.get("boxes") >= 1);
		assertEquals(problem.group().id() + " " + problem.group().requestType(), seen.get("firstBox"));
		assertEquals((double) seen.get("keptMedian"), (double) seen.get("firstMedian"), 1e-9, "the box's median is the traces' median");
		assertEquals(seen.get("boxes"), seen.get("boxSvg"), "the SVG export draws every box");
		assertEquals("XYPlot", seen.get("afterBoxes"), "unchecking the box plot brings the histogram back");
		assertTrue((int) seen.get("graphEdge") >= 0, "the graph selected an edge");
		@SuppressWarnings("unchecked")
		List<Integer> path = (List<Integer>) seen.get("graphEdgePath");
		int clicked = problem.edges().get(0).position();
		assertTrue(path.size() == 2 && path.get(0) <= clicked && clicked < path.get(1),
				"the graph selected the clicked cell's critical-path edge, position " + clicked + ": " + path);
		assertTrue((int) seen.get("edgeSvgBars") >= 5, "the edge histogram exports its bars: " + seen.get("edgeSvgBars"));
		assertTrue(((String) seen.get("edgeDetails")).contains("Share of the group's variance"), (String) seen.get("edgeDetails"));
	}

	private static <T> T part(WorkbenchRun.Running r, String id, Class<T> type) {
		EModelService models = r.application().getContext().get(EModelService.class);
		MPart part = models.findElements(r.window(), id, MPart.class).get(0);
		return type.cast(part.getObject());
	}

	private static <T> T show(WorkbenchRun.Running r, String id, Class<T> type) {
		EModelService models = r.application().getContext().get(EModelService.class);
		MPart part = models.findElements(r.window(), id, MPart.class).get(0);
		r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);
		WorkbenchRun.spinUntil(r.display(), () -> false, 300);
		return type.cast(part.getObject());
	}

	private static Table table(WorkbenchRun.Running r, String id, int index) {
		EModelService models = r.application().getContext().get(EModelService.class);
		MPart part = models.findElements(r.window(), id, MPart.class).get(0);
		return all((Composite) part.getWidget(), Table.class).get(index);
	}

	private static Canvas canvas(WorkbenchRun.Running r, String id) {
		EModelService models = r.application().getContext().get(EModelService.class);
		MPart part = models.findElements(r.window(), id, MPart.class).get(0);
		return all((Composite) part.getWidget(), Canvas.class).get(0);
	}

	/** Clicks a button once the view has enabled it (views refresh on the UI thread after the model changes). */
	static void click(Composite root, String text) {
		for (org.eclipse.swt.widgets.Button b : all(root, org.eclipse.swt.widgets.Button.class)) {
			if (text.equals(b.getText())) {
				assertTrue(WorkbenchRun.spinUntil(root.getDisplay(), b::isEnabled, 10_000), text + " is enabled");
				b.notifyListeners(SWT.Selection, new Event());
				return;
			}
		}
		throw new AssertionError("no button " + text);
	}

	/**
	 * Requests of one generated service as Jaeger JSON: "shop:checkout" loads the cart, charges, then mails, one
	 * after another; the charge has an exponential extra delay (mean 5 ms), the rest a little noise.
	 */
	static void writeDelayedCheckout(Path file, int count) throws java.io.IOException {
		writeDelayedCheckout(file, count, 5000, 7);
	}

	/** The same, the charge's wait exponential of mean {@code waitMicros}, from a seed. */
	static void writeDelayedCheckout(Path file, int count, double waitMicros, long seed) throws java.io.IOException {
		java.util.Random random = new java.util.Random(seed);
		io.pythia.core.trace.SpanTraceAssembler assembler = new io.pythia.core.trace.SpanTraceAssembler("generated",
				new io.pythia.core.trace.Interner(), w -> {
					throw new AssertionError(w.toString());
				});
		List<io.pythia.core.trace.Trace> traces = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			long t0 = 1_700_000_000_000_000L + i * 100_000L; // µs
			long load = 2000 + Math.round(random.nextGaussian() * 20);
			long wait = Math.round(-Math.log(1 - random.nextDouble()) * waitMicros);
			long charge = 3000 + Math.round(random.nextGaussian() * 20) + wait;
			// the gateway that charged: the slower half of the waits went through one bank
			String gateway = wait > 3466 ? "slow-bank" : "fast-bank";
			long mail = 1000 + Math.round(random.nextGaussian() * 20);
			List<io.pythia.core.trace.SpanInput> spans = List.of(
					span("root", null, t0, load + charge + mail + 40, "shop", "checkout"),
					span("load", "root", t0 + 10, load, "cart", "load"),
					span("charge", "root", t0 + 20 + load, charge, "payments", "charge", Map.of("gateway", gateway)),
					span("mail", "root", t0 + 30 + load + charge, mail, "mailer", "send"));
			try {
				traces.add(assembler.assemble(String.format("%032x", i + 1), spans));
			} catch (io.pythia.core.trace.TraceFormatException e) {
				throw new AssertionError(e);
			}
		}
		try (var out = Files.newOutputStream(file)) {
			io.pythia.importers.TraceWriter.writeJaeger(traces, out);
		}
	}

	private static io.pythia.core.trace.SpanInput span(String id, String parent, long startMicros, long micros,
			String service, String op) {
		return span(id, parent, startMicros, micros, service, op, Map.of());
	}

	private static io.pythia.core.trace.SpanInput span(String id, String parent, long startMicros, long micros,
			String service, String op, Map<String, String> tags) {
		return new io.pythia.core.trace.SpanInput(id, parent, startMicros * 1000, micros * 1000, service + ":" + op,
				new io.pythia.core.trace.Attributes(service, "", op, tags));
	}

	static <T extends Control> List<T> all(Composite c, Class<T> type) {
		List<T> out = new java.util.ArrayList<>();
		for (Control child : c.getChildren()) {
			if (type.isInstance(child)) {
				out.add(type.cast(child));
			}
			if (child instanceof Composite cc) {
				out.addAll(all(cc, type));
			}
		}
		return out;
	}
}
