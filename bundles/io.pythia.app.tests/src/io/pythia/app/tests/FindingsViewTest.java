// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.commands.ECommandService;
import org.eclipse.e4.core.commands.EHandlerService;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.widgets.Control;
import org.jfree.data.xy.IntervalXYDataset;
import org.junit.jupiter.api.Test;

import io.pythia.core.trace.Trace;
import io.pythia.core.trace.TraceSink;
import io.pythia.importers.TraceImporter;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.search.CycleEngine;
import io.pythia.search.Finding;
import io.pythia.search.InstrumentationState;
import io.pythia.services.Investigation;
import io.pythia.services.LiveJobs;
import io.pythia.ui.internal.parts.FindingsPart;

/**
 * A live investigation to its end in the workbench, then back to the skeleton: two real agents
 * ({@link TwoAgentSystem}) serve a workload with a random delay in its deepest step. On autopilot the session
 * localizes it and stops; the findings view comes forward and shows the finding with its group's histogram, writes
 * its lean traces (read back with the importers), and Restore instrumentation proposes disabling what was enabled.
 * Approved and pushed with the keys' commands, the agents report the skeleton. Reopened from its journal, the
 * session shows the same findings.
 */
class FindingsViewTest {

	@Test
	void anInvestigationStopsOnItsFindingsAndRestoresTheSkeleton() throws Exception {
		Path dir = Files.createTempDirectory("pythia-findings-ui");
		Map<String, Object> seen = new LinkedHashMap<>();
		try (TwoAgentSystem system = new TwoAgentSystem(dir)) {
			InvestigationSettings settings = new InvestigationSettings(0.05, 4, 3, 1.0, "hierarchical", 0.5, 8, 1.5);
			WorkbenchRun.run(r -> {
				Investigation investigation = r.application().getContext().get(Investigation.class);
				LiveJobs.connect(system.connection, settings, investigation);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> investigation.live()
						.filter(s -> s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL).isPresent(), 90_000),
						"first proposals: " + investigation.liveStatus());
				LiveInvestigation session = investigation.live().get();
				// the Proposals view shows its tab; the findings view is behind it until the session stops
				LiveCycleViewsTest.show(r, "io.pythia.app.part.proposals", Object.class);
				LiveJobs.autopilot(session, true, true, investigation); // the autopilot check box, ticked
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> session.snapshot().phase() == CycleEngine.Phase.STOPPED
						&& !investigation.liveBusy(), 240_000), "stopped: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> false, 500);
				MPart findingsPart = LiveCycleViewsTest.part(r, "io.pythia.app.part.findings");
				seen.put("cameForward", findingsPart.getWidget() instanceof Control c && c.isVisible());
				FindingsPart findings = (FindingsPart) findingsPart.getObject();
				seen.put("snapshotFindings", session.snapshot().findings());
				seen.put("shown", findings.findings());
				seen.put("rows", Shown.rows(findingsPart, 0, " | ", -1));
				seen.put("summary", findings.summary());
				IntervalXYDataset bars = (IntervalXYDataset) findings.chart().getXYPlot().getDataset();
				int inBars = 0;
				for (int i = 0; bars.getSeriesCount() > 0 && i < bars.getItemCount(0); i++) {
					inBars += (int) bars.getYValue(0, i);
				}
				seen.put("inBars", inBars);

				// Export lean traces..., as the button does after its file dialog
				Finding first = findings.findings().isEmpty() ? null : findings.findings().get(0);
				seen.put("exportEnabled", findings.exportEnabled());
				List<Trace> kept = first == null ? List.of() : investigation.analysed()
						.flatMap(a -> a.report().group(first.groupId())).map(investigation::tracesOf).orElse(List.of());
				seen.put("kept", kept.size());
				Path lean = dir.resolve("lean.json");
				Job export = findings.exportLeanTraces(lean, false);
				if (export != null) {
					WorkbenchRun.spinUntil(r.display(), () -> export.getResult() != null, 30_000);
				}
				List<Trace> read = new ArrayList<>();
				try {
					new TraceImporter().read(lean, TraceSink.of(read::add, w -> {
					}));
				} catch (Exception e) {
					throw new AssertionError("the lean traces read back: " + e, e);
				}
				seen.put("leanRead", read.size());
				seen.put("leanEvents", read.stream().mapToInt(Trace::size).sum());
				seen.put("pathEvents", kept.stream().mapToInt(t -> io.pythia.core.analysis.CriticalPath.of(t).length()).sum());
				WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "findings.png");

				// Restore instrumentation: proposals to disable what was enabled, approved and pushed like any cycle
				seen.put("beforeRestore", pairs(system.state()));
				seen.put("skeleton", new TreeSet<>(session.space().skeleton().toggles()));
				seen.put("restoreEnabled", findings.restoreEnabled());
				findings.restore();
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> session.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL
						&& !investigation.liveBusy(), 10_000), "restore proposals: " + investigation.liveStatus());
				MPart proposals = LiveCycleViewsTest.part(r, "io.pythia.app.part.proposals");
				WorkbenchRun.spinUntil(r.display(), () -> !Shown.rows(proposals, 0, " | ", 3).isEmpty(), 5_000);
				seen.put("proposalsShown", proposals.getWidget() instanceof Control c && c.isVisible());
				seen.put("restoreRows", Shown.rows(proposals, 0, " | ", 3));
				// the views refresh one after the other on the UI thread
				WorkbenchRun.spinUntil(r.display(), () -> findings.summary().contains("Back to the skeleton"), 5_000);
				seen.put("summaryRestoring", findings.summary());
				ECommandService commands = r.window().getContext().get(ECommandService.class);
				EHandlerService handlers = r.window().getContext().get(EHandlerService.class);
				handlers.executeHandler(commands.createCommand("io.pythia.app.command.approveAll", null));
				WorkbenchRun.spinUntil(r.display(), () -> Shown.rows(proposals, 0, " | ", 1).stream().allMatch(x -> x.startsWith("\u2713")), 5_000);
				handlers.executeHandler(commands.createCommand("io.pythia.app.command.push", null));
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> session.snapshot().phase() == CycleEngine.Phase.STOPPED
						&& !investigation.liveBusy() && session.snapshot().reportedAfterPush() != null, 30_000),
						"restored: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> findings.summary().contains("run the skeleton"), 5_000);
				seen.put("reported", new TreeSet<>(session.snapshot().reportedAfterPush().toggles()));
				seen.put("afterRestore", pairs(system.state()));
				seen.put("summaryAfter", findings.summary());
				seen.put("restoreEnabledAfter", findings.restoreEnabled());
				seen.put("findingsAfter", findings.findings());
				var history = session.snapshot().history();
				seen.put("lastHistoryRow", history.get(history.size() - 1));
				try {
					session.close();
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}

				// File > Open Session: the findings come back from the journal, with their figures
				LiveJobs.reopen(session.journal(), settings, investigation);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> investigation.live().filter(s -> s != session)
						.filter(s -> s.snapshot().phase() == CycleEngine.Phase.STOPPED).isPresent() && !investigation.liveBusy(),
						60_000), "reopened: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> false, 500);
				seen.put("reopened", findings.findings());
				findings.select(0);
				IntervalXYDataset again = (IntervalXYDataset) findings.chart().getXYPlot().getDataset();
				seen.put("reopenedBars", again.getSeriesCount() == 0 ? 0 : again.getItemCount(0));
				try {
					investigation.live().get().close();
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}
			});
		}
		@SuppressWarnings("unchecked")
		List<Finding> shown = (List<Finding>) seen.get("shown");
		assertFalse(shown.isEmpty(), "the investigation localized the delay: " + seen);
		assertEquals(seen.get("snapshotFindings"), shown, "the view lists the session's findings");
		assertEquals(Boolean.TRUE, seen.get("cameForward"), "the findings view comes forward when the session stops");
		assertTrue(shown.stream().anyMatch(f -> f.tracepoint().startsWith("back:store.write")), shown.toString());
		@SuppressWarnings("unchecked")
		List<String> rows = (List<String>) seen.get("rows");
		assertEquals(shown.size(), rows.size());
		assertTrue(rows.get(0).startsWith(shown.get(0).tracepoint() + " | create | ")
				&& rows.get(0).contains(" | " + shown.get(0).groupId() + " | "), rows.toString());
		assertTrue(rows.get(0).contains("% of variance"), rows.toString());
		assertTrue(((String) seen.get("summary")).contains("beyond the skeleton"), (String) seen.get("summary"));
		assertEquals(shown.get(0).evidence().latency().count(), seen.get("inBars"),
				"the histogram holds every trace of the group when it was localized");
		assertEquals(Boolean.TRUE, seen.get("exportEnabled"), "the last cycle has the group's traces");
		assertTrue((int) seen.get("kept") > 0);
		assertEquals(seen.get("kept"), seen.get("leanRead"), "every kept trace of the group is written, and reads back");
		assertEquals(seen.get("pathEvents"), seen.get("leanEvents"), "each is cut to its critical path's events");

		@SuppressWarnings("unchecked")
		Set<InstrumentationState.Toggle> skeleton = (Set<InstrumentationState.Toggle>) seen.get("skeleton");
		assertEquals(Boolean.TRUE, seen.get("restoreEnabled"));
		assertFalse(skeleton.equals(seen.get("beforeRestore")), "the investigation had enabled more: " + seen.get("beforeRestore"));
		@SuppressWarnings("unchecked")
		List<String> restoreRows = (List<String>) seen.get("restoreRows");
		assertTrue(!restoreRows.isEmpty() && restoreRows.stream().allMatch(x -> x.startsWith("pending | disable | ")), restoreRows.toString());
		assertEquals(Boolean.TRUE, seen.get("proposalsShown"), "the restore's proposals are shown to approve");
		assertTrue(((String) seen.get("summaryRestoring")).contains("Back to the skeleton: approve and push the "
				+ restoreRows.size() + " proposal(s)"), (String) seen.get("summaryRestoring"));
		assertEquals(skeleton, seen.get("reported"), "the agents report the skeleton");
		assertEquals(skeleton, seen.get("afterRestore"), "the agents run the skeleton");
		assertTrue(((String) seen.get("summaryAfter")).contains("run the skeleton"), (String) seen.get("summaryAfter"));
		assertEquals(Boolean.FALSE, seen.get("restoreEnabledAfter"));
		assertEquals(shown, seen.get("findingsAfter"), "the findings stay");
		assertEquals(LiveInvestigation.RESTORING, ((LiveInvestigation.CycleRow) seen.get("lastHistoryRow")).topEdge());
		assertEquals(shown, seen.get("reopened"), "a reopened session shows the same findings, evidence and all");
		assertTrue((int) seen.get("reopenedBars") > 0, "with the histogram kept in the journal");
	}

	/** The agents' state as toggles. */
	private static Set<InstrumentationState.Toggle> pairs(Map<String, List<String>> state) {
		Set<InstrumentationState.Toggle> out = new TreeSet<>();
		state.forEach((tracepoint, types) -> types.forEach(t -> out.add(new InstrumentationState.Toggle(tracepoint, t))));
		return out;
	}
}
