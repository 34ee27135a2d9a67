// SPDX-License-Identifier: EPL-2.0
package io.pythia.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Composite;
import org.junit.jupiter.api.Test;

import io.pythia.services.LiveJobs;
import io.pythia.services.LabStarter;
import io.pythia.services.Investigation;
import io.pythia.investigation.InvestigationSettings;
import io.pythia.investigation.LiveInvestigation;
import io.pythia.lab.LabController;
import io.pythia.search.CycleEngine;
import io.pythia.search.InstrumentationState;
import io.pythia.search.Proposal;

/**
 * The full cycle against the lab's eight service processes, started as File &gt; Connect to Lab starts them, with
 * slow-replica injected: connect from the lab's connection file, see problem groups, approve the proposals with the view's button, push, and see the agents' own
 * state change and the next cycle's traces arrive. Every lab process is gone afterwards.
 */
class LabCycleViewsTest {

	@Test
	void oneApprovedCycleAgainstTheRunningLab() throws Exception {
		Path dir = Files.createTempDirectory("pythia-lab-ui");
		System.setProperty("pythia.lab.dir", dir.toString());
		Map<String, Object> seen = new LinkedHashMap<>();
		List<Long> pids = new ArrayList<>();
		try {
			// what File > Connect to Lab does when the lab is not running: start it with the workbench's bundles
			LabController lab = LabStarter.lab();
			assertTrue(!lab.running());
			lab.start(LabController.StartOptions.DEFAULTS, line -> System.out.println("lab: " + line));
			assertTrue(lab.running(), "started: " + lab.status());
			pids.addAll(lab.processes());
			lab.inject("slow-replica");
			Path connection = LabStarter.connectionFile();
			InvestigationSettings settings = new InvestigationSettings(0.05, 4, 3, 0.15, "hierarchical", 0.5, 8, 4);
			WorkbenchRun.run(r -> {
				Investigation investigation = r.application().getContext().get(Investigation.class);
				LiveJobs.connect(connection, settings, investigation);
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> investigation.live()
						.filter(s -> s.snapshot().phase() == CycleEngine.Phase.AWAITING_APPROVAL && !investigation.liveBusy()).isPresent(), 150_000),
						"first proposals: " + investigation.liveStatus());
				LiveInvestigation session = investigation.live().get();
				seen.put("searchSpace", session.space().size());
				seen.put("problemGroups", investigation.analysed().map(a -> a.report().problemGroups().size()).orElse(0));
				List<Proposal> proposed = List.copyOf(session.snapshot().proposals());
				seen.put("proposed", proposed);
				List<String> unreachable = new ArrayList<>();
				Set<InstrumentationState.Toggle> before = session.reportedState(unreachable).toggles();

				EModelService models = r.application().getContext().get(EModelService.class);
				MPart part = models.findElements(r.window(), "io.pythia.app.part.proposals", MPart.class).get(0);
				r.window().getContext().get(EPartService.class).showPart(part, EPartService.PartState.ACTIVATE);

				Composite root = (Composite) part.getWidget();
				click(root, "Approve all");
				WorkbenchRun.spinUntil(r.display(), () -> Shown.rows(part, 0, " | ", 4).stream().allMatch(x -> x.startsWith("\u2713")), 5_000);
				click(root, "Push approved");
				assertTrue(WorkbenchRun.spinUntil(r.display(), () -> session.snapshot().cycle() >= 2 && !investigation.liveBusy(), 150_000),
						"second cycle: " + investigation.liveStatus());
				WorkbenchRun.spinUntil(r.display(), () -> Shown.agentSummary(part).startsWith("Last push"), 5_000);
				seen.put("agentSummary", Shown.agentSummary(part));
				Set<InstrumentationState.Toggle> after = session.reportedState(unreachable).toggles();
				seen.put("unreachable", List.copyOf(unreachable));
				seen.put("newlyOn", after.stream().filter(t -> !before.contains(t)).toList());
				seen.put("history", session.snapshot().history());
				WorkbenchWindowTest.saveScreenshot(r.display(), r.shell().getBounds(), "lab-cycle.png");
				try {
					session.close();
				} catch (java.io.IOException e) {
					throw new AssertionError(e);
				}
			});
		} finally {
			LabStarter.lab().stop();
			System.clearProperty("pythia.lab.dir");
		}
		assertEquals(9, pids.size());
		assertEquals(0, pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count(),
				"no lab process is left");
		assertTrue((int) seen.get("searchSpace") >= 150, "the lab's tracepoints x request types: " + seen.get("searchSpace"));
		assertTrue((int) seen.get("problemGroups") > 0, "slow-replica makes problem groups");
		@SuppressWarnings("unchecked")
		List<Proposal> proposed = (List<Proposal>) seen.get("proposed");
		assertTrue(!proposed.isEmpty(), "the first cycle proposes something");
		assertTrue(((String) seen.get("agentSummary")).startsWith("Last push: every agent applied it."), (String) seen.get("agentSummary"));
		assertEquals(List.of(), seen.get("unreachable"));
		@SuppressWarnings("unchecked")
		List<InstrumentationState.Toggle> newlyOn = (List<InstrumentationState.Toggle>) seen.get("newlyOn");
		List<InstrumentationState.Toggle> enabled = proposed.stream().filter(p -> p.action() == Proposal.Action.ENABLE)
				.map(Proposal::toggle).toList();
		assertTrue(newlyOn.containsAll(enabled), "the agents report the approved toggles: " + newlyOn + " vs " + enabled);
		@SuppressWarnings("unchecked")
		List<LiveInvestigation.CycleRow> history = (List<LiveInvestigation.CycleRow>) seen.get("history");
		assertTrue(history.size() >= 2 && history.get(1).traces() > 0, "the next cycle's traces arrived: " + history);
	}

	private static void click(Composite root, String text) {
		InvestigationViewsTest.click(root, text);
	}
}
