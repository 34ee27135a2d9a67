// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pythia.core.analysis.AnalysisReport;
import io.pythia.core.analysis.CriticalPath;
import io.pythia.services.ImportJob;
import io.pythia.services.Investigation;
import io.pythia.services.TraceSourceList;
import io.pythia.ui.internal.parts.SpanTimelinePart;

/**
 * The span timeline of the selected group's trace: a row per span, the critical path on it, search, zoom, collapse,
 * and a click on the path selecting that edge for the other views.
 */
class SpanTimelineViewTest {

	@TempDir
	Path dir;

	/** Opens the traces as File > Open Traces... does, then selects the first problem group. */
	private static AnalysisReport.Group openAndSelectTheProblemGroup(WorkbenchRun.Running r, Path traces) {
		var ctx = r.application().getContext();
		Investigation investigation = ctx.get(Investigation.class);
		ImportJob job = ImportJob.open(ctx.get(TraceSourceList.class), investigation, List.of(traces));
		WorkbenchRun.spinUntil(r.display(), () -> job.getResult() != null, 60_000);
		AnalysisReport.Group problem = investigation.analysed().orElseThrow().report().problemGroups().get(0);
		investigation.selectGroup(problem);
		return problem;
	}

	@Test
	void theTimelineShowsTheSelectedTraceWithItsCriticalPath() throws Exception {
		Path traces = dir.resolve("checkout.json");
		InvestigationViewsTest.writeDelayedCheckout(traces, 40);
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			var ctx = r.application().getContext();
			Investigation investigation = ctx.get(Investigation.class);
			AnalysisReport.Group problem = openAndSelectTheProblemGroup(r, traces);
			EModelService models = ctx.get(EModelService.class);
			MPart part = models.findElements(r.window(), "io.pythia.app.part.timeline", MPart.class).get(0);
			seen.put("shownFirst", part.isToBeRendered() && part.getParent().getSelectedElement() == part);
			r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);
			SpanTimelinePart timeline = (SpanTimelinePart) part.getObject();
			String representative = problem.group().representative().id();
			WorkbenchRun.spinUntil(r.display(),
					() -> timeline.timeline() != null && timeline.timeline().traceId().equals(representative), 10_000);
			var t = timeline.timeline();
			seen.put("rows", t.rows().size());
			seen.put("visible", timeline.visibleRows().length);
			seen.put("pathNanos", t.segments().stream().mapToLong(s -> s.end() - s.start()).sum());
			seen.put("expectedPathNanos", CriticalPath.of(problem.group().representative()).duration());
			seen.put("found", timeline.find("payments"));
			seen.put("fullView", timeline.view()[1] - timeline.view()[0]);
			timeline.zoom(0.5, 600);
			seen.put("zoomedView", timeline.view()[1] - timeline.view()[0]);
			timeline.fit();
			seen.put("fitView", timeline.view()[1] - timeline.view()[0]);
			WorkbenchRun.spinUntil(r.display(), () -> false, 200);
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "timeline.png");
			// a click on the problem edge's stretch of the critical path selects it in the other views
			int position = problem.edges().get(0).position();
			int[] at = timeline.segmentCenter(position);
			timeline.clickAt(at[0], at[1]);
			seen.put("edgePosition", investigation.edgePosition());
			seen.put("position", position);
			// the root's triangle collapses everything under it
			timeline.clickAt(6, SpanTimelinePart.RULER + 4);
			seen.put("collapsed", timeline.visibleRows().length);
			seen.put("painted", timeline.lastPaintNanos() > 0);
		});
		assertEquals(Boolean.TRUE, seen.get("shownFirst"), "the timeline is the analysis stack's first view");
		assertEquals(4, seen.get("rows"), "a row per span");
		assertEquals(4, seen.get("visible"));
		assertEquals(seen.get("expectedPathNanos"), seen.get("pathNanos"), "the path's segments add up to it");
		assertEquals(1, seen.get("found"), "one span is the payment service's");
		assertEquals((double) seen.get("fullView") / 2, (double) seen.get("zoomedView"), 1, "zoomed in twice");
		assertEquals((double) seen.get("fullView"), (double) seen.get("fitView"), 1e-6);
		assertEquals(seen.get("position"), seen.get("edgePosition"), "the click selected the edge");
		assertEquals(1, seen.get("collapsed"), "only the root stays");
		assertTrue((boolean) seen.get("painted"));
	}

	@Test
	void theFlameGraphShowsTheGroupsHotFrameAndZooms() throws Exception {
		Path traces = dir.resolve("checkout.json");
		InvestigationViewsTest.writeDelayedCheckout(traces, 40);
		Map<String, Object> seen = new LinkedHashMap<>();
		WorkbenchRun.run(r -> {
			var ctx = r.application().getContext();
			Investigation investigation = ctx.get(Investigation.class);
			AnalysisReport.Group problem = openAndSelectTheProblemGroup(r, traces);
			EModelService models = ctx.get(EModelService.class);
			MPart part = models.findElements(r.window(), "io.pythia.app.part.flame", MPart.class).get(0);
			r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);
			io.pythia.ui.internal.parts.FlameGraphPart flame = (io.pythia.ui.internal.parts.FlameGraphPart) part.getObject();
			WorkbenchRun.spinUntil(r.display(), () -> flame.flame() != null && !flame.boxes().isEmpty(), 10_000);
			seen.put("traces", flame.flame().traces());
			seen.put("count", problem.group().count());
			var boxes = flame.boxes();
			seen.put("rootWidth", boxes.get(0).width());
			var hot = boxes.stream().filter(b -> b.frame().children().isEmpty())
					.max(java.util.Comparator.comparingDouble(b -> b.frame().varianceShare())).orElseThrow();
			seen.put("hot", hot.frame().name());
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "flame-graph.png");
			// the click zooms into the frame and selects its span's heaviest critical-path edge in the other views
			MPart timelinePart = models.findElements(r.window(), "io.pythia.app.part.timeline", MPart.class).get(0);
			SpanTimelinePart timeline = (SpanTimelinePart) timelinePart.getObject();
			flame.clickAt(hot.x() + 2, hot.y() + 2);
			seen.put("zoomed", flame.top().name());
			seen.put("selected", investigation.edgePosition());
			seen.put("timelineSelected", timeline == null ? null : timeline.selectedPosition());
			seen.put("expectedSelected", problem.edges().stream().filter(e -> e.position() >= 0
					&& ("payments:charge".equals(e.from()) || "payments:charge".equals(e.to())))
					.max(java.util.Comparator.comparingDouble(problem::weight)).orElseThrow().position());
			seen.put("zoomedWidth", flame.boxes().get(0).width());
			flame.clickAt(flame.boxes().get(0).x() + 2, flame.boxes().get(0).y() + 2);
			seen.put("back", flame.top().name());
			java.io.StringWriter svg = new java.io.StringWriter();
			try {
				flame.flame().writeSvg(svg, flame.top(), 900);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			seen.put("svg", svg.toString());
			// against a baseline whose charge waited a tenth as long: the charge is what got slower
			Path baselineFile = dir.resolve("baseline.json");
			try {
				InvestigationViewsTest.writeDelayedCheckout(baselineFile, 40, 500, 11);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			seen.put("enabledBefore", flame.againstBaselineEnabled());
			io.pythia.services.BaselineJob job = new io.pythia.services.BaselineJob(List.of(baselineFile), investigation);
			job.schedule();
			WorkbenchRun.spinUntil(r.display(), () -> job.getResult() != null && flame.againstBaselineEnabled(), 30_000);
			flame.showAgainstBaseline(true);
			WorkbenchRun.spinUntil(r.display(), () -> flame.changes() != null, 10_000);
			var changes = flame.changes();
			seen.put("mostChanged", changes == null ? null : changes.entrySet().stream()
					.filter(e -> e.getKey().children().isEmpty()).max(java.util.Map.Entry.comparingByValue())
					.map(e -> e.getKey().name() + " " + (e.getValue() > 0)).orElse(null));
			seen.put("diffStatus", flame.status());
			WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "flame-graph-baseline.png");
			java.io.StringWriter diff = new java.io.StringWriter();
			try {
				flame.flame().writeSvg(diff, flame.top(), 900, changes);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			seen.put("diffSvg", diff.toString());
		});
		assertEquals(seen.get("count"), seen.get("traces"), "every kept trace of the group");
		assertEquals("payments:charge", seen.get("hot"), "the delayed charge is the hottest frame");
		assertEquals("payments:charge", seen.get("zoomed"));
		assertEquals(seen.get("rootWidth"), seen.get("zoomedWidth"), "the zoomed frame spans the width");
		assertEquals("", seen.get("back"), "clicking the top frame comes back to the whole request");
		assertEquals(seen.get("expectedSelected"), seen.get("selected"), "the frame's edge is selected");
		assertEquals(seen.get("expectedSelected"), seen.get("timelineSelected"), "and the timeline shows it selected");
		assertEquals(Boolean.FALSE, seen.get("enabledBefore"), "no baseline, no differential graph");
		assertEquals("payments:charge true", seen.get("mostChanged"), "the charge got slower, most of all");
		assertTrue(((String) seen.get("diffStatus")).contains("change from 40 baseline traces"), (String) seen.get("diffStatus"));
		assertTrue(((String) seen.get("diffSvg")).contains("against the baseline"), (String) seen.get("diffSvg"));
		String svg = (String) seen.get("svg");
		assertTrue(svg.startsWith("<svg") && svg.contains("payments:charge") && svg.contains("% of the variance"), svg);
	}
}
